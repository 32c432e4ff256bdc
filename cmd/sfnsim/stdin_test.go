package main

import (
	"os"
	"strings"
	"testing"
)

// TestLintStdinTwice: "-" twice used to make two workers read standard
// input at once; one got it all, the other nothing, and the run passed.
func TestLintStdinTwice(t *testing.T) {
	src, err := os.ReadFile(withError)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := sfnsim(t, string(src), "lint", "-", clean, "-")
	if code != exitUsage || out != "" || !strings.Contains(errOut, `standard input ("-") can be read only once`) {
		t.Errorf("exit status %d, stdout %q, stderr %q; want 2 and a usage error", code, out, errOut)
	}
}

// TestLintStdinCRLF: a definition piped from a Windows checkout keeps its
// line numbers and columns, and an unclosed string says so.
func TestLintStdinCRLF(t *testing.T) {
	src, err := os.ReadFile(withError)
	if err != nil {
		t.Fatal(err)
	}
	crlf := "\ufeff" + strings.ReplaceAll(string(src), "\n", "\r\n")
	code, out, _ := sfnsim(t, crlf, "lint", "-")
	if code != exitFindings || !strings.HasPrefix(out, "<stdin>:2:14: ") {
		t.Errorf("exit status %d, stdout %q; want 1 and a finding at <stdin>:2:14", code, out)
	}
	code, out, _ = sfnsim(t, "{\r\n  \"StartAt\": \"A\r\n}\r\n", "lint", "-")
	if want := "<stdin>:2:14: string is not closed before the end of the line"; code != exitUsage || !strings.HasPrefix(out, want) {
		t.Errorf("exit status %d, stdout %q; want 2 and %q", code, out, want)
	}
}
