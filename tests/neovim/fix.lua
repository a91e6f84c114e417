-- Driven by tests/neovim.rs: opens a contract with a misspelt party in a
-- headless Neovim, asks `pactum lsp` for the code actions at the diagnostic,
-- applies the preferred quick fix with Neovim's own workspace edit, waits for
-- the re-check, and asks for inlay hints and semantic tokens; writes what it
-- saw as JSON for the Rust test to check.
local start = dofile(vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":h") .. "/start.lua")

start.run(function()
  local buf, client = start.open()
  local before = vim.diagnostic.get(buf)
  assert(#before > 0, "diagnostics arrive")
  local first = before[1]
  -- The diagnostic as the server sent it (Neovim 0.7 keeps it for code actions).
  local lsp_diagnostic = vim.lsp.diagnostic.get_line_diagnostics(buf, first.lnum)[1]
  assert(lsp_diagnostic and lsp_diagnostic.range, "the protocol's form of the diagnostic")
  local uri = vim.uri_from_bufnr(buf)

  local actions = client.request_sync("textDocument/codeAction", {
    textDocument = { uri = uri },
    range = lsp_diagnostic.range,
    context = { diagnostics = { lsp_diagnostic } },
  }, 10000, buf)
  local titles = {}
  local preferred = nil
  for _, action in ipairs(actions.result or {}) do
    table.insert(titles, action.title)
    if action.isPreferred and not preferred then
      preferred = action
    end
  end
  assert(preferred, "a preferred quick fix among " .. vim.fn.json_encode(actions))
  vim.lsp.util.apply_workspace_edit(preferred.edit, client.offset_encoding)
  vim.wait(15000, function()
    return #vim.diagnostic.get(buf) == 0
  end, 50)
  local after = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(after, d.message)
  end

  local hints = client.request_sync("textDocument/inlayHint", {
    textDocument = { uri = uri },
    range = { start = { line = 0, character = 0 }, ["end"] = { line = 100, character = 0 } },
  }, 10000, buf)
  local tokens = client.request_sync("textDocument/semanticTokens/full", {
    textDocument = { uri = uri },
  }, 10000, buf)
  local legend = client.server_capabilities.semanticTokensProvider.legend.tokenTypes
  client.stop()
  return {
    diagnostic = first.message,
    titles = titles,
    applied = preferred.title,
    lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false),
    after = after,
    hints = hints and hints.result or vim.NIL,
    token_count = tokens and tokens.result and #tokens.result.data or vim.NIL,
    legend = legend,
  }
end)
