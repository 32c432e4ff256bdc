package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// sfnsim runs the command line in-process and returns its exit status,
// standard output and standard error.
func sfnsim(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestRootSetters drives the root command the way cobra users do:
// SetArgs/SetOut/SetErr on the command from the constructor.
func TestRootSetters(t *testing.T) {
	var out, errOut bytes.Buffer
	root := newRootCmd(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	root.SetArgs([]string{"lint", "testdata/start-at-missing.asl.json"})
	root.SetOut(&out)
	root.SetErr(&errOut)
	if code := execute(root); code != exitFindings {
		t.Errorf("exit status %d, want %d; stderr: %s", code, exitFindings, errOut.String())
	}
	if !strings.Contains(out.String(), "[ASL010]") {
		t.Errorf("stdout = %q, want an ASL010 finding", out.String())
	}
}

func TestRootHelp(t *testing.T) {
	for _, args := range [][]string{nil, {"--help"}, {"help"}} {
		code, out, _ := sfnsim(t, "", args...)
		if code != exitOK {
			t.Errorf("sfnsim %v: exit status %d, want 0", args, code)
		}
		for _, cmd := range []string{"lint", "simulate", "schema", "explain", "version"} {
			if !strings.Contains(out, cmd) {
				t.Errorf("sfnsim %v: help does not list %q:\n%s", args, cmd, out)
			}
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	code, out, errOut := sfnsim(t, "", "simulat")
	if code != exitUsage {
		t.Errorf("exit status %d, want %d", code, exitUsage)
	}
	if out != "" || !strings.Contains(errOut, `unknown command "simulat"`) {
		t.Errorf("stdout %q, stderr %q", out, errOut)
	}
}

// TestEveryCommandHasHelp: every command and flag is documented, and every
// command shows examples.
func TestEveryCommandHasHelp(t *testing.T) {
	root := newRootCmd(nil, &bytes.Buffer{}, &bytes.Buffer{})
	for _, c := range append(root.Commands(), root) {
		if c.Name() == "help" || c.Name() == "completion" {
			continue
		}
		if c.Short == "" || c.Long == "" || c.Example == "" {
			t.Errorf("command %q lacks Short, Long or Example", c.Name())
		}
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if f.Usage == "" {
				t.Errorf("flag --%s of %q has no help text", f.Name, c.Name())
			}
		})
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, out, _ := sfnsim(t, "", args...)
		if code != exitOK || !strings.HasPrefix(out, "sfnsim ") {
			t.Errorf("sfnsim %v: exit status %d, output %q", args, code, out)
		}
	}
}
