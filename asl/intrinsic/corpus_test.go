package intrinsic

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// sharedDir finds the shared folder (corpus, conformance cases): $SFNSIM_SHARED, or ../../../shared from this
// package, which is where the workspace keeps it. Without it the test skips, except in CI, where it must be there.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("SFNSIM_SHARED")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared")
	}
	if _, err := os.Stat(filepath.Join(dir, "corpus")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared folder not found at %s (set SFNSIM_SHARED): %v", dir, err)
		}
		t.Skipf("shared folder not found at %s (set SFNSIM_SHARED to run the corpus tests): %v", dir, err)
	}
	return dir
}

type found struct {
	where, value string
}

// calls returns every string of a definition that looks like an intrinsic call: ".$" values, ErrorPath and
// CausePath, wherever they are.
func calls(def any) []found {
	var out []found
	var walk func(v any, where string)
	walk = func(v any, where string) {
		switch v := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				loc := where + "/" + k
				if s, ok := v[k].(string); ok {
					if (strings.HasSuffix(k, ".$") || k == "ErrorPath" || k == "CausePath") && IsCall(s) {
						out = append(out, found{loc, s})
					}
					continue
				}
				walk(v[k], loc)
			}
		case []any:
			for i, x := range v {
				walk(x, where+"/"+strconv.Itoa(i))
			}
		}
	}
	walk(def, "")
	return out
}

func definitions(t *testing.T, kind string) map[string]any {
	t.Helper()
	dir := sharedDir(t)
	out := map[string]any{}
	files, _ := filepath.Glob(filepath.Join(dir, "corpus", "lint", kind, "*.json"))
	for _, f := range files {
		var def any
		if err := json.Unmarshal(read(t, f), &def); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[filepath.Base(f)] = def
	}
	if kind != "valid" {
		return out
	}
	cases, _ := filepath.Glob(filepath.Join(dir, "conformance", "*", "*.json"))
	for _, f := range cases {
		if filepath.Base(f) == "index.json" {
			continue
		}
		var c struct {
			Definition any `json:"definition"`
		}
		if err := json.Unmarshal(read(t, f), &c); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		rel, _ := filepath.Rel(dir, f)
		out[rel] = c.Definition
	}
	return out
}

func read(t *testing.T, f string) []byte {
	t.Helper()
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCorpusValidCalls parses and checks every intrinsic call of the valid corpus and the conformance cases.
// Calls inside a Pass state's Result are literals that never run (AWS warns PASS_RESULT_IS_STATIC), so they only
// need to parse.
func TestCorpusValidCalls(t *testing.T) {
	n := 0
	for file, def := range definitions(t, "valid") {
		for _, f := range calls(def) {
			n++
			c, err := Parse(f.value)
			if err != nil {
				t.Errorf("%s %s: Parse(%q): %v", file, f.where, f.value, err)
				continue
			}
			if strings.Contains(f.where, "/Result/") {
				continue
			}
			for _, e := range Check(c) {
				t.Errorf("%s %s: %q: %v", file, f.where, f.value, e)
			}
		}
	}
	if n < 80 {
		t.Errorf("only %d calls found; the extraction is broken", n)
	}
	t.Logf("%d intrinsic calls parse and check clean", n)
}

// TestCorpusInvalidCalls checks that the intrinsic problems of the invalid corpus are found.
func TestCorpusInvalidCalls(t *testing.T) {
	want := map[string]string{
		"statelint__invalid-function-invocation.json": "unknown intrinsic function States.Xyz",
		"aslvalidator__invalid-math-add.json":         "argument 2 of States.MathAdd must be a number, got a string literal",
	}
	for file, def := range definitions(t, "invalid") {
		var got []string
		for _, f := range calls(def) {
			c, err := Parse(f.value)
			if err != nil {
				got = append(got, err.(*SyntaxError).Msg)
				continue
			}
			for _, e := range Check(c) {
				got = append(got, e.Msg)
			}
		}
		if strings.Join(got, "; ") != want[file] {
			t.Errorf("%s: problems %q, want %q", file, got, want[file])
		}
	}
}
