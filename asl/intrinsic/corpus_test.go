package intrinsic

import (
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/sfnsim/sfnsim/internal/sharedtest"
)

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

// definitions returns the decoded definitions of the shared test data: the
// accepted ones for "valid", the invalid corpus (keyed by file name) for
// "invalid".
func definitions(t *testing.T, label string) map[string]any {
	t.Helper()
	return sharedtest.Decoded(t, label)
}
