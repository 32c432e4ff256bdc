package format

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/lint"
)

// catalogueDiagnostics lints every registered rule's Bad example: real
// rules with real findings.
func catalogueDiagnostics(t *testing.T) []lint.Diagnostic {
	t.Helper()
	var ds []lint.Diagnostic
	for _, r := range lint.Rules() {
		if r.Bad == "" {
			continue
		}
		got, _ := lint.Text("examples/"+strings.ToLower(r.ID)+".asl.json", []byte(r.Bad), lint.Options{MachineType: r.ExampleType})
		ds = append(ds, got...)
	}
	if len(ds) == 0 {
		t.Fatal("the rule examples gave no findings")
	}
	return ds
}

// TestSARIFRequiredFields renders the whole catalogue and checks every field
// GitHub code scanning requires (conventions §2 table), so that an upload is
// accepted and shown well.
func TestSARIFRequiredFields(t *testing.T) {
	for _, tc := range []struct {
		name string
		ds   []lint.Diagnostic
	}{
		{"findings", catalogueDiagnostics(t)},
		{"clean", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := SARIF(&b, tc.ds, lint.Rules(), Tool{Name: "sfnsim", Version: "dev", InformationURI: "https://github.com/sfnsim/sfnsim"}); err != nil {
				t.Fatal(err)
			}
			checkSARIF(t, b.Bytes(), len(tc.ds))
		})
	}
}

type object = map[string]any

func checkSARIF(t *testing.T, data []byte, wantResults int) {
	t.Helper()
	var log object
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	// log
	if log["version"] != "2.1.0" {
		t.Errorf("log.version = %v, want 2.1.0", log["version"])
	}
	nonEmpty(t, log, "$schema")
	runs := array(t, log, "runs")
	if len(runs) != 1 {
		t.Fatalf("%d runs, want 1 (GitHub takes at most 20)", len(runs))
	}
	run := runs[0].(object)
	// run
	driver := obj(t, obj(t, run, "tool"), "driver")
	nonEmpty(t, driver, "name")
	if _, ok := run["results"].([]any); !ok {
		t.Fatalf("run.results is missing or not an array: it must exist even when empty")
	}
	nonEmpty(t, obj(t, run, "automationDetails"), "id")
	// rules
	rules := array(t, driver, "rules")
	ids := map[string]bool{}
	for _, x := range rules {
		r := x.(object)
		id := nonEmpty(t, r, "id")
		if ids[id] {
			t.Errorf("rule %s listed twice", id)
		}
		ids[id] = true
		if r["name"] == id {
			t.Errorf("rule %s: name must differ from id or be omitted", id)
		}
		for _, k := range []string{"shortDescription", "fullDescription"} {
			text := nonEmpty(t, obj(t, r, k), "text")
			if n := utf8.RuneCountInString(text); n > maxDescription {
				t.Errorf("rule %s: %s is %d characters, over GitHub's %d", id, k, n, maxDescription)
			}
		}
		nonEmpty(t, obj(t, r, "help"), "text")
		level(t, obj(t, r, "defaultConfiguration")["level"], "rule "+id)
		if _, ok := obj(t, r, "properties")["tags"].([]any); !ok {
			t.Errorf("rule %s: properties.tags is not an array", id)
		}
	}
	// results
	results := run["results"].([]any)
	if len(results) != wantResults {
		t.Errorf("%d results, want %d", len(results), wantResults)
	}
	for i, x := range results {
		res := x.(object)
		ruleID := nonEmpty(t, res, "ruleId")
		idx, ok := res["ruleIndex"].(float64)
		if !ok || int(idx) < 0 || int(idx) >= len(rules) || rules[int(idx)].(object)["id"] != ruleID {
			t.Errorf("result %d: ruleIndex %v does not point at rule %s", i, res["ruleIndex"], ruleID)
		}
		level(t, res["level"], "result "+ruleID)
		nonEmpty(t, obj(t, res, "message"), "text")
		locs := array(t, res, "locations")
		if len(locs) < 1 {
			t.Fatalf("result %d has no location", i)
		}
		phys := obj(t, locs[0].(object), "physicalLocation")
		art := obj(t, phys, "artifactLocation")
		uri := nonEmpty(t, art, "uri")
		if strings.Contains(uri, `\`) || strings.HasPrefix(uri, "/") {
			t.Errorf("result %d: uri %q is not a repository-relative URI with forward slashes", i, uri)
		}
		if art["uriBaseId"] != "%SRCROOT%" {
			t.Errorf("result %d: uriBaseId = %v, want %%SRCROOT%%", i, art["uriBaseId"])
		}
		reg := obj(t, phys, "region")
		n := map[string]int{}
		for _, k := range []string{"startLine", "startColumn", "endLine", "endColumn"} {
			v, ok := reg[k].(float64)
			if !ok || v < 1 {
				t.Errorf("result %d: region.%s = %v, want a number ≥ 1", i, k, reg[k])
			}
			n[k] = int(v)
		}
		if n["endLine"] < n["startLine"] || (n["endLine"] == n["startLine"] && n["endColumn"] <= n["startColumn"]) {
			t.Errorf("result %d: region %v ends before it starts (endColumn is the column after the last character)", i, n)
		}
	}
}

func obj(t *testing.T, o object, key string) object {
	t.Helper()
	v, ok := o[key].(object)
	if !ok {
		t.Fatalf("%q is missing or not an object in %v", key, o)
	}
	return v
}

func array(t *testing.T, o object, key string) []any {
	t.Helper()
	v, ok := o[key].([]any)
	if !ok {
		t.Fatalf("%q is missing or not an array", key)
	}
	return v
}

func nonEmpty(t *testing.T, o object, key string) string {
	t.Helper()
	s, ok := o[key].(string)
	if !ok || s == "" {
		t.Errorf("%q is missing or empty in %v", key, o)
	}
	return s
}

func level(t *testing.T, v any, where string) {
	t.Helper()
	switch v {
	case "note", "warning", "error":
	default:
		t.Errorf("%s: level %v is not note, warning or error", where, v)
	}
}

// TestSARIFResultLimit: GitHub accepts at most 25,000 results per run; the
// most severe are kept and a notification says how many were left out.
func TestSARIFResultLimit(t *testing.T) {
	errRule := &lint.Rule{ID: "T001", Name: "t-error", Severity: lint.Error, Summary: "e", Doc: "e"}
	infoRule := &lint.Rule{ID: "T002", Name: "t-info", Severity: lint.Info, Summary: "i", Doc: "i"}
	var ds []lint.Diagnostic
	for i := range MaxSARIFResults + 10 {
		r := infoRule
		if i%1000 == 0 {
			r = errRule
		}
		ds = append(ds, lint.Diagnostic{Rule: r, Severity: r.Severity, Message: "m", File: "f.json",
			Start: asl.Pos{Line: i + 1, Col: 1}, End: asl.Pos{Line: i + 1, Col: 2}})
	}
	var out bytes.Buffer
	if err := SARIF(&out, ds, []*lint.Rule{errRule, infoRule}, Tool{Name: "sfnsim"}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
			} `json:"results"`
			Invocations []struct {
				ToolExecutionNotifications []struct {
					Message struct{ Text string } `json:"message"`
				} `json:"toolExecutionNotifications"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(out.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Results) != MaxSARIFResults {
		t.Fatalf("%d results, want %d", len(run.Results), MaxSARIFResults)
	}
	errors := 0
	for _, r := range run.Results {
		if r.RuleID == "T001" {
			errors++
		}
	}
	if errors != 26 {
		t.Errorf("%d error results kept, want all 26", errors)
	}
	if len(run.Invocations) != 1 || !strings.HasPrefix(run.Invocations[0].ToolExecutionNotifications[0].Message.Text, "10 less severe findings were left out") {
		t.Errorf("invocations = %+v", run.Invocations)
	}
}
