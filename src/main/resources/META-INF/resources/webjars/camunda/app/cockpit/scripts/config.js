// Runbook's Cockpit configuration. It replaces Camunda's scripts/config.js from the webjar, whose
// settings are all commented out, so everything not set here keeps Cockpit's default.
//
// customScripts: Runbook's own Cockpit plugins, plain ES modules served from the jar (no build
// step), each relative to /camunda/app/cockpit/ and `export default` a plugin definition or a list
// of them. Add a page or panel by adding its module here (see docs/board.md).
export default {
  customScripts: [
    'scripts/runbook/incident-board.js',
    'scripts/runbook/incident-history.js'
  ]
};
