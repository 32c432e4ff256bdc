package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/lint"
	"github.com/sfnsim/sfnsim/lint/format"
)

// tool is how sfnsim names itself in JSON and SARIF output.
func tool() format.Tool {
	return format.Tool{Name: "sfnsim", Version: toolVersion(), InformationURI: "https://github.com/sfnsim/sfnsim"}
}

type lintFlags struct {
	format            string
	failOn            string
	machineType       string
	lambdaConcurrency int
	color             string
	disable           []string
}

func newLintCmd() *cobra.Command {
	var f lintFlags
	cmd := &cobra.Command{
		Use:   "lint [PATH|-]...",
		Short: "Check state machines for errors and Distributed Map pitfalls",
		Long: `Check Amazon States Language definitions: the JSON Schema, the language's
semantic rules and the Distributed Map rules. Run 'sfnsim explain' for the list
of rules and 'sfnsim explain ID' for one rule's documentation.

A PATH is a file or a directory. Directories are searched recursively for
.json, .yaml, .yml and .tf files (hidden directories, node_modules and vendor
are skipped); a file named explicitly is read whatever its extension. "-"
reads standard input. With no PATH, the current directory "." is linted.

Files may hold a plain ASL definition (JSON or YAML), a CloudFormation or SAM
template, or a Terraform configuration. Files without a state machine are
skipped silently, so any set of JSON and YAML files can be passed (as
pre-commit does).

Formats (--format):
  text    path:line:col: message [RULE], one line per finding, sorted (default)
  json    one JSON document: version, tool, diagnostics, summary (see README)
  sarif   SARIF 2.1.0 for GitHub code scanning (upload-sarif)
  github  GitHub Actions annotations, after the text report; with
          $GITHUB_STEP_SUMMARY set, also a markdown summary for the job page

Exit codes:
  0  no findings at or above --fail-on
  1  findings at or above --fail-on
  2  usage error, or a file that cannot be read or parsed`,
		Example: `  sfnsim lint                                 # everything under the current directory
  sfnsim lint infra/orders.asl.json
  cat sm.json | sfnsim lint -                 # standard input
  sfnsim lint --fail-on warning infra/        # warnings fail too
  sfnsim lint --type EXPRESS express.asl.json # lint as an EXPRESS machine
  sfnsim lint --disable DMAP036,DMAP040 .     # without two pieces of advice
  sfnsim lint --format sarif > sfnsim.sarif   # for github/codeql-action/upload-sarif
  sfnsim lint --format json | jq '.summary'`,
		Args: stdinAtMostOnce,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runLint(cmd, args, f)
		},
	}
	fl := cmd.Flags()
	// A `word` in back quotes names the flag's value in the help text.
	fl.StringVarP(&f.format, "format", "f", "text", "`format` of the report: text, json, sarif or github")
	fl.StringVar(&f.failOn, "fail-on", "error", "lowest `severity` that makes the exit status 1: error, warning or info")
	fl.StringVar(&f.machineType, "type", "",
		"lint as a machine of this `type`: STANDARD or EXPRESS (default: the type a template declares, else STANDARD)")
	fl.IntVar(&f.lambdaConcurrency, "lambda-concurrency", lint.DefaultLambdaConcurrency,
		"the account's Lambda concurrency `limit`, which MaxConcurrency is compared with")
	fl.StringSliceVar(&f.disable, "disable", nil,
		"turn off these `rules` (ids or names, comma-separated or repeated), e.g. --disable DMAP036,DMAP040")
	fl.StringVar(&f.color, "color", "never",
		"colour the text report `when`: auto (on a terminal, unless NO_COLOR is set), always or never; --color alone means always")
	fl.Lookup("color").NoOptDefVal = "always"
	return cmd
}

func runLint(cmd *cobra.Command, paths []string, f lintFlags) error {
	failOn, err := lint.ParseSeverity(f.failOn)
	if err != nil {
		return fmt.Errorf("--fail-on: %w", err)
	}
	switch f.format {
	case "text", "json", "sarif", "github":
	default:
		return fmt.Errorf("--format: unknown format %q; use text, json, sarif or github", f.format)
	}
	opts := lint.Options{MachineType: strings.ToUpper(f.machineType), LambdaConcurrency: f.lambdaConcurrency}
	if opts.MachineType != "" && opts.MachineType != asl.Standard && opts.MachineType != asl.Express {
		return fmt.Errorf("--type: unknown machine type %q; use STANDARD or EXPRESS", f.machineType)
	}
	if f.lambdaConcurrency < 1 {
		return fmt.Errorf("--lambda-concurrency: %d is not a positive number", f.lambdaConcurrency)
	}
	if opts.Disabled, err = lint.ParseRuleList(f.disable); err != nil {
		return fmt.Errorf("--disable: %w", err)
	}
	color, err := useColor(f.color, cmd.OutOrStdout())
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}

	res := lint.Paths(paths, opts, cmd.InOrStdin())
	if err := report(cmd, res, f.format, color); err != nil {
		return err
	}

	stderr := cmd.ErrOrStderr()
	for _, e := range res.InputErrors {
		var se *asl.SyntaxError
		if !errors.As(e, &se) { // syntax errors are in the report already, as ASL001
			fmt.Fprintln(stderr, e)
		}
	}
	switch {
	case len(res.InputErrors) > 0:
		return exitStatus(exitUsage)
	case failing(res.Diagnostics, failOn):
		return exitStatus(exitFindings)
	}
	return nil
}

// stdinAtMostOnce rejects "-" given twice: standard input can be read once,
// and the files are read in parallel, so the second would race the first
// and lint nothing.
func stdinAtMostOnce(_ *cobra.Command, args []string) error {
	if i := slices.Index(args, "-"); i >= 0 && slices.Contains(args[i+1:], "-") {
		return errors.New(`standard input ("-") can be read only once; give "-" a single time`)
	}
	return nil
}

// report renders the diagnostics in the chosen format.
func report(cmd *cobra.Command, res *lint.Result, name string, color bool) error {
	out := cmd.OutOrStdout()
	sum := format.Summary{Files: res.Files, Definitions: res.Definitions}
	switch name {
	case "json":
		return format.JSON(out, res.Diagnostics, tool(), sum)
	case "sarif":
		return format.SARIF(out, format.RelativeTo(res.Diagnostics, repoRoot()), lint.Rules(), tool())
	case "github":
		// Annotations are capped per step and dropped silently beyond
		// that: the text report and the step summary carry everything.
		if err := format.Text(out, res.Diagnostics, format.TextOptions{Color: color}); err != nil {
			return err
		}
		ds := format.RelativeTo(res.Diagnostics, repoRoot())
		if err := format.GitHub(out, ds); err != nil {
			return err
		}
		if path := os.Getenv("GITHUB_STEP_SUMMARY"); path != "" {
			if err := appendFile(path, format.StepSummary(ds, sum, format.MaxStepSummary)); err != nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "sfnsim: writing the step summary: %v\n", err)
			}
		}
		return nil
	}
	return format.Text(out, res.Diagnostics, format.TextOptions{Color: color})
}

// failing reports whether any finding is at or above the threshold.
func failing(ds []lint.Diagnostic, threshold lint.Severity) bool {
	for _, d := range ds {
		if d.Severity >= threshold {
			return true
		}
	}
	return false
}

// useColor decides --color: auto means a terminal that does not ask for
// plain text (NO_COLOR, TERM=dumb).
func useColor(mode string, out io.Writer) (bool, error) {
	switch mode {
	case "never":
		return false, nil
	case "always":
		return true, nil
	case "auto":
		return isTerminal(out) && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb", nil
	}
	return false, fmt.Errorf("--color: unknown mode %q; use auto, always or never", mode)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// repoRoot is the directory SARIF and GitHub paths are relative to.
func repoRoot() string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	return format.RepositoryRoot(wd)
}

func appendFile(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
