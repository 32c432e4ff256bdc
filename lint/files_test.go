package lint

import (
	"os"
	"path/filepath"
	"testing"
)

// TestPathsReportsOnce: a definition referenced by a SAM template
// (DefinitionUri) and also named on the command line is linted twice, but
// each problem is reported once.
func TestPathsReportsOnce(t *testing.T) {
	dir := t.TempDir()
	def := `{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}}`
	tpl := "Transform: AWS::Serverless-2016-10-31\nResources:\n  M:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: sm.asl.json\n"
	if err := os.WriteFile(filepath.Join(dir, "sm.asl.json"), []byte(def), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "template.yaml"), []byte(tpl), 0o644); err != nil {
		t.Fatal(err)
	}
	res := Paths([]string{dir}, Options{}, nil)
	if res.Definitions != 2 {
		t.Fatalf("definitions = %d, want 2 (the file, and the file through the template)", res.Definitions)
	}
	seen := map[string]int{}
	for _, d := range res.Diagnostics {
		seen[formatText([]Diagnostic{d})]++
	}
	if len(seen) == 0 {
		t.Fatal("want findings (B is missing)")
	}
	for line, n := range seen {
		if n > 1 {
			t.Errorf("reported %d times: %s", n, line)
		}
	}
}

func TestDisabledRules(t *testing.T) {
	src := []byte(`{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "C": {"Type": "Succeed"}}}`)
	all, _ := Text("d.asl.json", src, Options{})
	if !hasRule(all, "ASL011") || !hasRule(all, "ASL012") {
		t.Fatalf("want ASL011 and ASL012, got:\n%s", formatText(all))
	}
	off, err := ParseRuleList([]string{"asl011, unreachable-state"})
	if err != nil {
		t.Fatal(err)
	}
	ds, _ := Text("d.asl.json", src, Options{Disabled: off})
	if hasRule(ds, "ASL011") || hasRule(ds, "ASL012") {
		t.Errorf("disabled rules still reported:\n%s", formatText(ds))
	}
	if _, err := ParseRuleList([]string{"DMAP0366"}); err == nil || err.Error() != `unknown rule "DMAP0366"; did you mean "DMAP036"? (`+"`sfnsim explain` lists the rules)" {
		t.Errorf("err = %v", err)
	}
}
