// as-pect runs the AssemblyScript unit tests in assembly/__tests__ against the kernels' own sources.
export default {
  entries: ["assembly/__tests__/**/*.spec.ts"],
  include: ["assembly/__tests__/**/*.include.ts"],
  disclude: [/node_modules/],
  flags: {
    "--enable": ["simd"],
  },
  async instantiate(memory, createImports, instantiate, binary) {
    return instantiate(binary, createImports({ env: { memory } }));
  },
  outputBinary: false,
};
