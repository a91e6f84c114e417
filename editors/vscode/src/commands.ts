// The commands the extension registers, in one list: package.json contributes
// the same ids (a unit test compares the two), so a command in the palette is
// never left without a handler.

export const COMMANDS = {
  restartServer: "pactum.restartServer",
  openTimeline: "pactum.openTimeline",
} as const;
