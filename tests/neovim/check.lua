-- Driven by tests/neovim.rs: opens a contract with mistakes in a headless
-- Neovim, waits for the diagnostics of `pactum lsp`, asks for a hover, and
-- writes what it got as JSON for the Rust test to check.
local start = dofile(vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":h") .. "/start.lua")
local hover_line = tonumber(os.getenv("PACTUM_HOVER_LINE"))
local hover_char = tonumber(os.getenv("PACTUM_HOVER_CHAR"))

start.run(function()
  local buf, client = start.open()
  local diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(diagnostics, {
      lnum = d.lnum,
      col = d.col,
      end_col = d.end_col,
      severity = d.severity,
      message = d.message,
      code = lsp.code or d.code,
      source = d.source,
    })
  end

  local hover = client.request_sync("textDocument/hover", {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = hover_line, character = hover_char },
  }, 10000, buf)
  client.stop()
  return { diagnostics = diagnostics, hover = hover and hover.result or vim.NIL }
end)
