-- Driven by lsp_neovim_test.py: Neovim 0.7.2 (Debian), headless, as a real client of `vaultlint lsp`.
-- vim.lsp.start_client + vim.lsp.buf_attach_client (0.7 has no vim.lsp.start). Opens the fixture, checks
-- its diagnostics, edits the buffer and checks they update, applies a quick fix through Neovim's own
-- workspace-edit code, and writes what it saw to $RESULTS as JSON.
local vaultlint = os.getenv("VAULTLINT")
local root = os.getenv("WORKSPACE")
local file = root .. "/recovery.bicep"
local results = {}

local function check(name, ok, detail)
  table.insert(results, { name = name, ok = ok and true or false, detail = detail and vim.inspect(detail) or "" })
end

local function finish()
  local f = io.open(os.getenv("RESULTS"), "w")
  f:write(vim.fn.json_encode(results))
  f:close()
  vim.cmd("qa!")
end

local ok, err = pcall(function()
  local client_id = vim.lsp.start_client({
    name = "vaultlint",
    cmd = { vaultlint, "lsp" },
    root_dir = root,
    flags = { debounce_text_changes = 50 },
  })
  check("vim.lsp.start_client starts vaultlint lsp", client_id ~= nil, client_id)
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, client_id)

  local function codes_at(lnum)
    local out = {}
    for _, d in ipairs(vim.diagnostic.get(buf, { lnum = lnum })) do table.insert(out, d.code) end
    table.sort(out)
    return table.concat(out, ",")
  end
  local function line_of(pattern)
    for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
      if l:find(pattern, 1, true) then return i - 1 end
    end
    return -1
  end

  local purge = line_of("enablePurgeProtection: false")
  local retention = line_of("softDeleteRetentionInDays: 3 ")
  local got = vim.wait(30000, function() return codes_at(purge) == "KV122" end, 20)
  check("diagnostics arrive: KV122 on the enablePurgeProtection line", got, vim.diagnostic.get(buf))
  local all = vim.diagnostic.get(buf)
  check("every diagnostic comes from vaultlint, with a code", #all >= 6 and all[1].source == "vaultlint", all)
  check("KV121 on the retention line", codes_at(retention) == "KV121", vim.diagnostic.get(buf, { lnum = retention }))

  -- Edit the buffer: the finding goes.
  local text = vim.api.nvim_buf_get_lines(buf, purge, purge + 1, false)[1]
  vim.api.nvim_buf_set_lines(buf, purge, purge + 1, false, { (text:gsub("false", "true", 1)) })
  got = vim.wait(30000, function() return codes_at(purge) == "" end, 20)
  check("after an edit of the buffer, KV122 is gone", got, vim.diagnostic.get(buf, { lnum = purge }))
  check("... and the other findings stay", codes_at(retention) == "KV121", vim.diagnostic.get(buf, { lnum = retention }))

  -- A quick fix, applied by Neovim.
  local params = vim.lsp.util.make_range_params()
  params.range = { start = { line = retention, character = 4 }, ["end"] = { line = retention, character = 4 } }
  params.context = { diagnostics = {} }
  local responses = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 30000)
  local action
  for _, r in pairs(responses or {}) do
    for _, a in ipairs(r.result or {}) do
      if a.title:find("KV121", 1, true) then action = a end
    end
  end
  check("a quick fix for KV121 is offered", action ~= nil, responses)
  if action then
    vim.lsp.util.apply_workspace_edit(action.edit, vim.lsp.get_client_by_id(client_id).offset_encoding)
    local line = vim.api.nvim_buf_get_lines(buf, retention, retention + 1, false)[1]
    check("the quick fix sets the retention to 90", line:find("softDeleteRetentionInDays: 90", 1, true) ~= nil, line)
    got = vim.wait(30000, function() return codes_at(retention) == "" end, 20)
    check("after the quick fix, KV121 is gone from that line", got, vim.diagnostic.get(buf, { lnum = retention }))
  end

  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return vim.lsp.client_is_stopped(client_id) end, 20)
  check("the client stops the server (shutdown, exit)", vim.lsp.client_is_stopped(client_id), client_id)
end)
if not ok then check("the script ran without a Lua error", false, err) end
finish()
