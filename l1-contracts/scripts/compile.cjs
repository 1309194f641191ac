// Compiles src/main/solidity/*.sol with the solc-js pinned in package.json and writes
// <Contract>.abi and <Contract>.bin (what web3j codegen reads) into the output directory.
// Usage: node scripts/compile.cjs <sourceDir> <outDir>
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require('solc');

const [sourceDir, outDir] = process.argv.slice(2);
if (!sourceDir || !outDir) {
  console.error('usage: node scripts/compile.cjs <sourceDir> <outDir>');
  process.exit(2);
}
const sources = {};
for (const file of fs.readdirSync(sourceDir).filter((f) => f.endsWith('.sol')).sort()) {
  sources[file] = { content: fs.readFileSync(path.join(sourceDir, file), 'utf8') };
}
const input = {
  language: 'Solidity',
  sources,
  settings: {
    // Pinned so the bytecode (and its gas) does not move with the compiler's default target.
    evmVersion: 'cancun',
    optimizer: { enabled: true, runs: 1000 },
    viaIR: true,
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (output.errors || []).filter((e) => e.severity === 'error');
for (const e of output.errors || []) console.error(e.formattedMessage);
if (errors.length > 0) process.exit(1);

fs.mkdirSync(outDir, { recursive: true });
for (const [file, contracts] of Object.entries(output.contracts)) {
  for (const [name, artifact] of Object.entries(contracts)) {
    fs.writeFileSync(path.join(outDir, `${name}.abi`), JSON.stringify(artifact.abi));
    fs.writeFileSync(path.join(outDir, `${name}.bin`), artifact.evm.bytecode.object);
    console.log(`solc ${solc.version()}: ${file} -> ${name}.abi, ${name}.bin (${artifact.evm.bytecode.object.length / 2} bytes)`);
  }
}
