package main

import (
	"strings"
	"testing"

	"github.com/sfnsim/sfnsim/lint"
)

func TestExplain(t *testing.T) {
	for _, arg := range []string{"ASL010", "asl010", "asl10", "start-at-missing"} {
		code, out, errOut := sfnsim(t, "", "explain", arg)
		if code != exitOK {
			t.Errorf("explain %s: exit status %d, stderr %s", arg, code, errOut)
		}
		for _, want := range []string{"ASL010 start-at-missing (error)", "AWS code: MISSING_TRANSITION_TARGET", "Bad:", "Good:", "Source: "} {
			if !strings.Contains(out, want) {
				t.Errorf("explain %s lacks %q:\n%s", arg, want, out)
			}
		}
	}
}

// TestExplainEveryRule: every rule in the catalogue can be explained.
func TestExplainEveryRule(t *testing.T) {
	for _, r := range lint.Rules() {
		code, out, _ := sfnsim(t, "", "explain", r.ID)
		if code != exitOK || !strings.HasPrefix(out, r.ID+" "+r.Name+" ("+r.Severity.String()+")\n") {
			t.Errorf("explain %s: exit status %d, output:\n%s", r.ID, code, out)
		}
	}
}

func TestExplainList(t *testing.T) {
	code, out, _ := sfnsim(t, "", "explain")
	if code != exitOK {
		t.Errorf("exit status %d", code)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(lint.Rules())+1 || !strings.HasPrefix(lines[0], "ID ") {
		t.Fatalf("want a header and one line per rule, got:\n%s", out)
	}
	for i, r := range lint.Rules() {
		if f := strings.Fields(lines[i+1]); len(f) < 3 || f[0] != r.ID || f[1] != r.Severity.String() {
			t.Errorf("line %d = %q, want %s %s …", i+2, lines[i+1], r.ID, r.Severity)
		}
	}
}

func TestExplainUnknown(t *testing.T) {
	code, out, errOut := sfnsim(t, "", "explain", "ASL0100")
	if code != exitUsage || out != "" {
		t.Errorf("exit status %d, stdout %q; want 2 and nothing", code, out)
	}
	if !strings.Contains(errOut, `unknown rule "ASL0100"; did you mean "ASL010"?`) {
		t.Errorf("stderr = %q", errOut)
	}
	code, _, errOut = sfnsim(t, "", "explain", "completely-different")
	if code != exitUsage || strings.Contains(errOut, "did you mean") {
		t.Errorf("exit status %d, stderr %q: want 2 and no suggestion", code, errOut)
	}
}

func TestExplainTooManyArgs(t *testing.T) {
	if code, _, _ := sfnsim(t, "", "explain", "ASL010", "ASL011"); code != exitUsage {
		t.Errorf("exit status %d, want %d", code, exitUsage)
	}
}
