variable "purge_protection" {
  type        = bool
  description = "Once on, purge protection cannot be turned off, so it was left off \"for now\"."
  default     = false
}
