package main

import (
	"strings"
	"testing"
)

func TestLintDisable(t *testing.T) {
	tests := []struct {
		args     []string
		code     int
		out, err string
	}{
		{[]string{"lint", "testdata/start-at-missing.asl.json"}, exitFindings, "[ASL010]", ""},
		{[]string{"lint", "--disable", "ASL010", "testdata/start-at-missing.asl.json"}, exitOK, "", ""},
		{[]string{"lint", "--disable", "start-at-missing", "testdata/start-at-missing.asl.json"}, exitOK, "", ""},
		{[]string{"lint", "--disable", "asl10x", "testdata/start-at-missing.asl.json"}, exitUsage, "", `--disable: unknown rule "asl10x"`},
	}
	for _, tt := range tests {
		code, out, errOut := sfnsim(t, "", tt.args...)
		if code != tt.code {
			t.Errorf("sfnsim %v: exit status %d, want %d; stderr: %s", tt.args, code, tt.code, errOut)
		}
		if tt.out == "" && code == exitOK && out != "" {
			t.Errorf("sfnsim %v: want no output, got %q", tt.args, out)
		}
		if !strings.Contains(out, tt.out) || !strings.Contains(errOut, tt.err) {
			t.Errorf("sfnsim %v: stdout %q stderr %q, want %q / %q", tt.args, out, errOut, tt.out, tt.err)
		}
	}
}
