package jsonata

import (
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/sfnsim/sfnsim/internal/sharedtest"
)

type found struct{ where, value string }

// expressions returns every "{% … %}" string of a definition, keys included.
func expressions(def any) []found {
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
				if IsExpression(k) {
					out = append(out, found{where + "/" + k + " (key)", k})
				}
				walk(v[k], where+"/"+k)
			}
		case []any:
			for i, x := range v {
				walk(x, where+"/"+strconv.Itoa(i))
			}
		case string:
			if IsExpression(v) {
				out = append(out, found{where, v})
			}
		}
	}
	walk(def, "")
	return out
}

// TestCorpusValidExpressions checks every JSONata expression of the valid corpus and the conformance cases.
func TestCorpusValidExpressions(t *testing.T) {
	n := 0
	for file, def := range definitions(t, "valid") {
		for _, f := range expressions(def) {
			n++
			expr, off, _ := Expression(f.value)
			if err := Check(expr); err != nil {
				se := err.(*SyntaxError)
				t.Errorf("%s %s: %q: offset %d: %s", file, f.where, f.value, se.Offset+off, se.Msg)
			}
		}
	}
	if n < 200 {
		t.Errorf("only %d expressions found; the extraction is broken", n)
	}
	t.Logf("%d JSONata expressions check clean", n)
}

// TestCorpusInvalidExpressions lists the invalid corpus files whose expressions Check rejects. The other JSONata
// files of that folder are invalid for reasons outside the expression: the "{% %}" delimiters themselves
// (surround-syntax-*), JSONPath fields in JSONata states, or Items with ItemsPath.
func TestCorpusInvalidExpressions(t *testing.T) {
	want := map[string]string{
		"aslvalidator__invalid-assign.asl.json":                                  "/States/ProvideTestData/Assign/top-level/array/0/child-1: offset 6: unexpected '.' after the number 420; a number cannot be a step of a path",
		"aslvalidator__invalid-jsonata-syntax-arithmetic.json":                   "/States/X/Output: offset 10: unexpected \"2\"",
		"aslvalidator__invalid-jsonata-syntax-jsonpath-in-jsonata-surround.json": "/States/X/Output: offset 16: \"?\" cannot start an expression",
		"aslvalidator__invalid-jsonata-syntax-mismatched-parens.json":            "/States/X/Output: offset 36: expected \")\" before the end of the expression",
	}
	for file, def := range definitions(t, "invalid") {
		var got []string
		for _, f := range expressions(def) {
			expr, off, _ := Expression(f.value)
			if err := Check(expr); err != nil {
				se := err.(*SyntaxError)
				got = append(got, f.where+": offset "+strconv.Itoa(se.Offset+off)+": "+se.Msg)
			}
		}
		if g := strings.Join(got, "; "); g != want[file] {
			t.Errorf("%s: %q, want %q", file, g, want[file])
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
