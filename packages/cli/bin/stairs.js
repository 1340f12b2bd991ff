#!/usr/bin/env node
// The `stairs` command: the command line bundled by the build into ../dist/cli.js (scripts/build.mjs).
import "../dist/cli.js";
