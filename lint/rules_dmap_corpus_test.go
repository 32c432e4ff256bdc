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

// dmapAllowedErrors lists the corpus files on which a DMAP error is right
// although AWS accepted the definition: the rule reports a run that always
// fails, and the recorded case shows that failure. Key: the file's path
// relative to the shared folder; value: the rule id.
var dmapAllowedErrors = map[string]string{
	// Recorded on AWS: FAILED with States.ItemReaderFailed "CSV headers
	// cannot contain duplicates.".
	"conformance/scenarios/test_map_item_reader_csv_headers_decl_duplicate_headers__get_execution_history.json": "DMAP023",
}

// dmapCorpusCase is one definition of the corpus.
type dmapCorpusCase struct {
	name string // path relative to the shared folder
	text []byte
}

// dmapCorpus reads the valid (or invalid) lint corpus and, for valid, the
// definitions of the conformance cases, which ran on AWS.
func dmapCorpus(t *testing.T, shared string, valid bool) []dmapCorpusCase {
	t.Helper()
	sub := "invalid"
	if valid {
		sub = "valid"
	}
	var out []dmapCorpusCase
	files, _ := filepath.Glob(filepath.Join(shared, "corpus", "lint", sub, "*"))
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(shared, f)
		out = append(out, dmapCorpusCase{filepath.ToSlash(rel), text})
	}
	if !valid {
		return out
	}
	cases, _ := filepath.Glob(filepath.Join(shared, "conformance", "*", "*.json"))
	for _, f := range cases {
		if filepath.Base(f) == "index.json" {
			continue
		}
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var c struct {
			Definition json.RawMessage `json:"definition"`
		}
		if err := json.Unmarshal(text, &c); err != nil || len(c.Definition) == 0 {
			t.Errorf("%s: no definition: %v", f, err)
			continue
		}
		rel, _ := filepath.Rel(shared, f)
		out = append(out, dmapCorpusCase{filepath.ToSlash(rel), c.Definition})
	}
	return out
}

// TestDMAPCorpus: the Distributed Map rules report no error on definitions
// AWS accepted (the valid lint corpus and the conformance cases recorded on
// AWS), except the runs known to fail (dmapAllowedErrors). Run with -v to see
// the warnings and advice they get, and which invalid corpus files the DMAP
// rules flag.
func TestDMAPCorpus(t *testing.T) {
	shared := sharedtest.Dir(t)
	counts := map[Severity]int{}
	withFindings := map[Severity]map[string]bool{Error: {}, Warning: {}, Info: {}}
	for _, c := range dmapCorpus(t, shared, true) {
		ds, _ := Text(filepath.Base(c.name), c.text, Options{})
		for _, d := range ds {
			if !strings.HasPrefix(d.Rule.ID, "DMAP") {
				continue
			}
			counts[d.Severity]++
			withFindings[d.Severity][c.name] = true
			if d.Severity == Error && dmapAllowedErrors[c.name] != d.Rule.ID {
				t.Errorf("%s:%d:%d: %s [%s]", c.name, d.Start.Line, d.Start.Col, d.Message, d.Rule.ID)
			}
			if testing.Verbose() && d.Severity != Error {
				t.Logf("valid %s:%d:%d: %s: %s [%s]", c.name, d.Start.Line, d.Start.Col, d.Severity, d.Message, d.Rule.ID)
			}
		}
	}
	t.Logf("valid definitions with DMAP findings: %d with errors (allowed: %d), %d with warnings, %d with info (findings: %d errors, %d warnings, %d info)",
		len(withFindings[Error]), len(dmapAllowedErrors), len(withFindings[Warning]), len(withFindings[Info]),
		counts[Error], counts[Warning], counts[Info])

	var flagged []string
	for _, c := range dmapCorpus(t, shared, false) {
		ds, _ := Text(filepath.Base(c.name), c.text, Options{})
		ids := map[string]bool{}
		for _, d := range ds {
			if strings.HasPrefix(d.Rule.ID, "DMAP") && d.Severity != Info {
				ids[d.Rule.ID] = true
			}
		}
		if len(ids) > 0 {
			var list []string
			for id := range ids {
				list = append(list, id)
			}
			sort.Strings(list)
			flagged = append(flagged, c.name+" ("+strings.Join(list, ", ")+")")
		}
	}
	t.Logf("invalid corpus files with DMAP errors or warnings: %d\n%s", len(flagged), strings.Join(flagged, "\n"))
}
