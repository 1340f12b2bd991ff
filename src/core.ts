// `stairs/core`: the tree-shakeable entry. Its `init` loads the wasm and returns a bare instance (no
// methods), and every capability is a function of an instance, so a bundler keeps only the code of the
// functions a page calls: `import { init, sample } from "stairs/core"` ships the wasm and the sampler, not
// the learners, the runs and the theory that the Stairs class of the main entry carries in its methods
// (docs/packaging.md). The functions are the main entry's standalone ones; they give the class methods'
// numbers bit for bit (test/standalone.test.ts).
export { load as init, sample, modelTheory, run, theory, type Instance } from "./index.js";
