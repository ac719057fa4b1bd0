variable "workload" {
  type    = string
  default = "payments"
}

variable "environment" {
  type    = string
  default = "prod"
}

variable "location" {
  type    = string
  default = "westeurope"
}

variable "private_endpoint_subnet_id" {
  type        = string
  description = "The subnet the vault's private endpoint lives in."
  default     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/private-endpoints"
}

variable "log_analytics_workspace_id" {
  type    = string
  default = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-central"
}

variable "app_principal_id" {
  type    = string
  default = "11111111-1111-1111-1111-111111111111"
}
