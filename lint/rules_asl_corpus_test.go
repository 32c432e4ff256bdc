package lint

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sfnsim/sfnsim/internal/sharedtest"
)

// aslCorpusAllowed lists the definitions of the shared corpus that are
// labelled valid but are invalid by AWS's documented or observed behaviour:
// the ASL rules named may report an error on them. A rule that is not
// registered (yet) is ignored, so that an entry can be written before its
// rule lands.
var aslCorpusAllowed = map[string]struct {
	rules  []string
	reason string
}{
	"aslvalidator__valid-map-with-item-batcher-jsonata.json": {
		rules: []string{"ASL022"},
		reason: "a state sets \"QueryLanguage\": \"JSONPath\" in a JSONata machine; AWS rejects it with \"'QueryLanguage' " +
			"can not be 'JSONPath' if set to 'JSONata' for whole state machine\" (asl-semantics §1, observed)",
	},
	"aslvalidator__valid-task-credentials.json": {
		rules:  []string{"ASL003"},
		reason: "Credentials without RoleArn; AWS: \"The field 'RoleArn' is required but was missing\" (asl-semantics §11, observed)",
	},
	"statelint__task-with-credentials.json": {
		rules:  []string{"ASL003"},
		reason: "Credentials with \"roleArn\" instead of RoleArn; AWS requires RoleArn (asl-semantics §11, observed)",
	},
	"aslvalidator__valid-task-intrisic-function.json": {
		rules: []string{"ASL003"},
		reason: "Resource is a CloudFormation object (Fn::GetAtt, Ref); in a definition AWS receives, Resource must be " +
			"a string (asl-semantics §2); the file is a template fragment, not a definition",
	},
}

// isASLRule reports whether a finding comes from an ASL0xx rule.
func isASLRule(d Diagnostic) bool { return strings.HasPrefix(d.Rule.ID, "ASL") }

// aslErrors keeps the error-severity findings of the ASL rules.
func aslErrors(ds []Diagnostic) []Diagnostic {
	var out []Diagnostic
	for _, d := range ds {
		if d.Severity == Error && isASLRule(d) {
			out = append(out, d)
		}
	}
	return out
}

// aslCorpusDefinition is one definition to lint: a file name for messages and
// its text.
type aslCorpusDefinition struct {
	name string
	text []byte
}

// aslValidDefinitions returns the corpus files labelled valid and the
// definition of every conformance case (each ran on AWS, so each was
// accepted by it).
func aslValidDefinitions(t *testing.T, shared string) []aslCorpusDefinition {
	t.Helper()
	var defs []aslCorpusDefinition
	valid, err := filepath.Glob(filepath.Join(shared, "corpus", "lint", "valid", "*"))
	if err != nil || len(valid) == 0 {
		t.Fatalf("no valid corpus files in %s: %v", shared, err)
	}
	for _, f := range valid {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		defs = append(defs, aslCorpusDefinition{filepath.Base(f), raw})
	}
	cases, err := filepath.Glob(filepath.Join(shared, "conformance", "*", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range cases {
		if filepath.Base(c) == "index.json" {
			continue
		}
		raw, err := os.ReadFile(c)
		if err != nil {
			t.Fatal(err)
		}
		var tc struct {
			Definition json.RawMessage `json:"definition"`
		}
		if err := json.Unmarshal(raw, &tc); err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		if len(tc.Definition) == 0 || string(tc.Definition) == "null" {
			continue
		}
		// The raw message is the definition marshalled as the case holds it,
		// key order and all.
		text, err := json.Marshal(tc.Definition)
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		name := filepath.Base(filepath.Dir(c)) + "/" + filepath.Base(c)
		defs = append(defs, aslCorpusDefinition{name, text})
		n++
	}
	if n == 0 {
		t.Fatalf("no conformance definitions in %s", shared)
	}
	return defs
}

// TestASLCorpus: no ASL rule reports an error on a definition labelled valid
// or recorded on AWS, except for the allow-listed files; and it logs how
// much of the invalid corpus the ASL rules flag.
func TestASLCorpus(t *testing.T) {
	shared := sharedtest.Dir(t)
	defs := aslValidDefinitions(t, shared)
	for _, def := range defs {
		ds, err := Text(def.name, def.text, Options{})
		if err != nil {
			t.Errorf("%s: %v", def.name, err)
			continue
		}
		allowed := aslCorpusAllowed[filepath.Base(def.name)]
		var unexpected []Diagnostic
		seen := map[string]bool{}
		for _, d := range aslErrors(ds) {
			seen[d.Rule.ID] = true
			if !contains(allowed.rules, d.Rule.ID) {
				unexpected = append(unexpected, d)
			}
		}
		if len(unexpected) > 0 {
			t.Errorf("%s is valid but ASL rules report errors:\n%s", def.name, formatText(unexpected))
		}
		for _, id := range allowed.rules {
			if LookupRule(id) != nil && !seen[id] {
				t.Errorf("%s is allow-listed for %s (%s) but gets no such error: remove it from aslCorpusAllowed", def.name, id, allowed.reason)
			}
		}
	}
	t.Logf("%d valid definitions linted (corpus and conformance)", len(defs))

	invalid, err := filepath.Glob(filepath.Join(shared, "corpus", "lint", "invalid", "*"))
	if err != nil || len(invalid) == 0 {
		t.Fatalf("no invalid corpus files: %v", err)
	}
	var missed []string
	for _, f := range invalid {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ds, _ := Text(filepath.Base(f), raw, Options{})
		if len(aslErrors(ds)) == 0 {
			missed = append(missed, filepath.Base(f))
		}
	}
	sort.Strings(missed)
	t.Logf("invalid corpus: ASL rules flag %d of %d with an error", len(invalid)-len(missed), len(invalid))
	if len(missed) > 0 {
		t.Logf("not flagged by an ASL rule:\n  %s", strings.Join(missed, "\n  "))
	}
}
