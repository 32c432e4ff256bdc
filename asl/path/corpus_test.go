package path

import (
	"errors"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/sfnsim/sfnsim/internal/sharedtest"
)

// corpusValue is a string found in a definition, with where it was found.
type corpusValue struct {
	file  string
	where string // JSON pointer-like location
	key   string
	value string
}

// templateKeys hold payload templates, where only keys ending in ".$" are paths (asl-semantics §3).
var templateKeys = map[string]bool{
	"Parameters": true, "ResultSelector": true, "ItemSelector": true, "Result": true, "Arguments": true,
	"Output": true, "Assign": true, "Credentials": true,
}

// referenceKeys are the fields whose value is a reference path (asl-semantics §4).
var referenceKeys = map[string]bool{
	"ResultPath": true, "ItemsPath": true, "SecondsPath": true, "TimestampPath": true, "TimeoutSecondsPath": true,
	"HeartbeatSecondsPath": true, "MaxConcurrencyPath": true, "ToleratedFailureCountPath": true,
	"ToleratedFailurePercentagePath": true, "MaxItemsPath": true, "MaxItemsPerBatchPath": true,
	"MaxInputBytesPerBatchPath": true, "ErrorPath": true, "CausePath": true,
}

// pathValues returns the path-like strings of a definition: ".$" values, the *Path fields and the Choice
// Variable.
func pathValues(file string, def any) []corpusValue {
	var out []corpusValue
	var walk func(v any, where string, inTemplate bool)
	walk = func(v any, where string, inTemplate bool) {
		switch v := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				x := v[k]
				loc := where + "/" + k
				if s, ok := x.(string); ok {
					if strings.HasSuffix(k, ".$") || (!inTemplate && (strings.HasSuffix(k, "Path") || k == "Variable")) {
						out = append(out, corpusValue{file: file, where: loc, key: k, value: s})
					}
					continue
				}
				walk(x, loc, inTemplate || templateKeys[k])
			}
		case []any:
			for i, x := range v {
				walk(x, where+"/"+strconv.Itoa(i), inTemplate)
			}
		}
	}
	walk(def, "", false)
	return out
}

func isIntrinsic(s string) bool { return strings.HasPrefix(s, "States.") }

// TestCorpusValidPaths parses every path of the valid lint corpus and of the conformance definitions.
func TestCorpusValidPaths(t *testing.T) {
	defs := definitions(t, "valid")
	n := 0
	for file, def := range defs {
		for _, v := range pathValues(file, def) {
			if isIntrinsic(v.value) {
				continue // package intrinsic parses these
			}
			n++
			p, err := ParsePath(v.value)
			if err != nil {
				t.Errorf("%s %s: ParsePath(%q): %v", v.file, v.where, v.value, err)
				continue
			}
			if q, err := ParsePath(p.String()); err != nil || q.String() != p.String() {
				t.Errorf("%s %s: %q does not round-trip: %q, %v", v.file, v.where, v.value, p.String(), err)
			}
			if referenceKeys[v.key] {
				if _, err := ParseReference(v.value); err != nil && !errors.Is(err, ErrFilterInReference) {
					t.Errorf("%s %s: ParseReference(%q): %v", v.file, v.where, v.value, err)
				}
			}
		}
	}
	if n < 300 {
		t.Errorf("only %d paths found in the valid corpus; the extraction is broken", n)
	}
	t.Logf("%d paths from %d definitions parse", n, len(defs))
}

// TestCorpusInvalidPaths checks that the path problems of the invalid lint corpus are found. Files whose
// problem is elsewhere (a missing state, a duplicate field…) are not listed.
func TestCorpusInvalidPaths(t *testing.T) {
	defs := definitions(t, "invalid")
	want := map[string][]string{
		"aslvalidator__invalid-json-path.json":                              {"ResultPath", "ResultPath", "ResultPath", "ResultPath"},
		"aslvalidator__invalid-exercise-ajv.asl.json":                       {"InputPath"},
		"aslvalidator__invalid-payload-template.asl.json":                   {"lorem.$"},
		"aslvalidator__invalid-task-credentials-object.json":                {"expectPath.$"},
		"statelint__parameter-path-problems.json":                           {"bad2.$", "bad5.$"},
		"aslvalidator__invalid-choice-state-variable.json":                  {"Variable"},
		"statelint__pass-with-intrinsic-function-inputpath.json":            {"InputPath"},
		"aslvalidator__invalid-variable-result-path.json":                   {"ResultPath"},
		"statelint__states-array-invocation-leftpad.json":                   {"abc.$"},
		"aslvalidator__invalid-cfn-definition-substitutions.json":           nil,
		"aslvalidator__invalid-exercise-ajv-additional-properties.asl.json": nil,
	}
	for file, def := range defs {
		var got []string
		for _, v := range pathValues(file, def) {
			var err error
			switch {
			case referenceKeys[v.key]:
				var p *Path
				p, err = ParseReference(v.value)
				// ResultPath cannot name a variable or the context object (asl-semantics §3, step 5).
				if err == nil && v.key == "ResultPath" && p.Root != RootInput {
					err = errors.New("ResultPath must start with '$.'")
				}
			case isIntrinsic(v.value) && strings.HasSuffix(v.key, ".$"):
				continue
			default:
				_, err = ParsePath(v.value)
			}
			if err != nil {
				got = append(got, v.key)
				t.Logf("%s %s: %q: %v", file, v.where, v.value, err)
			}
		}
		w, listed := want[file]
		if !listed {
			if len(got) > 0 {
				t.Errorf("%s: unexpected path errors in %v", file, got)
			}
			continue
		}
		sort.Strings(got)
		sort.Strings(w)
		if strings.Join(got, ",") != strings.Join(w, ",") {
			t.Errorf("%s: path errors in %v, want %v", file, got, w)
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
