#!/usr/bin/env bash
# Times sfnsim lint and asl-validator 4.0.0 (npm) side by side on the same
# folder of ASL JSON definitions, both in the fastest way each CLI allows:
# one process over all files (asl-validator takes one --json-path per file).
#
#   scripts/compare-asl-validator.sh DIR [RUNS]
#
# Needs node/npm (asl-validator is installed into $ASLV_DIR, default a temp
# folder) and hyperfine (apt-get install hyperfine). Files that are not
# valid JSON are left out: asl-validator stops at the first one.
set -euo pipefail
dir=${1:?usage: $0 DIR [RUNS]}
runs=${2:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
aslv=${ASLV_DIR:-$work/aslv}

command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install hyperfine" >&2; exit 2; }
if [ ! -x "$aslv/node_modules/.bin/asl-validator" ]; then
	mkdir -p "$aslv"
	(cd "$aslv" && npm install --silent --no-audit --no-fund asl-validator@4.0.0 >/dev/null)
fi
(cd "$root" && go build -o "$work/sfnsim" ./cmd/sfnsim)

# The same files for both tools, in one flat folder.
mkdir -p "$work/defs"
args=()
while IFS= read -r -d '' f; do
	if node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$f" 2>/dev/null; then
		n=$(( ${#args[@]} / 2 ))
		cp "$f" "$work/defs/$n-$(basename "$f")"
		args+=(--json-path "$work/defs/$n-$(basename "$f")")
	fi
done < <(find "$dir" -type f -name '*.json' -print0 | sort -z)
files=$(( ${#args[@]} / 2 ))
printf '%s\n' "${args[@]}" > "$work/aslv-args"
echo "$files definitions; $(nproc) CPUs; $(node --version); $("$work/sfnsim" version)"

hyperfine -N -i --warmup 2 --runs "$runs" --export-json "$work/sfnsim.json" \
	"$work/sfnsim lint $work/defs"
hyperfine -i --warmup 1 --runs "$(( runs < 3 ? runs : 3 ))" --export-json "$work/aslv.json" \
	"xargs -a $work/aslv-args -d '\n' $aslv/node_modules/.bin/asl-validator --silent"

node -e '
const [s, a, n] = [require(process.argv[1]).results[0], require(process.argv[2]).results[0], +process.argv[3]];
const line = (name, r) => console.log(`${name.padEnd(14)} ${r.mean.toFixed(3)} s wall (${(n / r.mean).toFixed(1)} files/s), ` +
  `${(r.user + r.system).toFixed(3)} s CPU (${(n / (r.user + r.system)).toFixed(1)} files per CPU-second)`);
line("sfnsim", s); line("asl-validator", a);
console.log(`sfnsim is ${(a.mean / s.mean).toFixed(0)}x faster by wall time, ${((a.user + a.system) / (s.user + s.system)).toFixed(0)}x by CPU time`);
' "$work/sfnsim.json" "$work/aslv.json" "$files"
