package lint

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/load"
)

// Result is the outcome of linting a set of paths.
type Result struct {
	Diagnostics []Diagnostic
	// Files is the number of files read; Definitions the number of state
	// machines found in them.
	Files, Definitions int
	// InputErrors are files that could not be read or parsed. Parse errors
	// are also reported as ASL001 diagnostics so that every output format
	// shows them; InputErrors only decides the exit code.
	InputErrors []error
}

// Paths lints files and directories. Directories are searched recursively
// for .json, .yaml, .yml and .tf files (hidden folders, node_modules and
// vendor are skipped); files named explicitly are read whatever their
// extension. "-" reads standard input from stdin. Files are linted in
// parallel; the result is sorted.
func Paths(paths []string, opts Options, stdin io.Reader) *Result {
	res := &Result{}
	var files []string
	for _, p := range paths {
		if p == "-" {
			files = append(files, p)
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			res.InputErrors = append(res.InputErrors, fmt.Errorf("%s: %w", p, unwrapPathError(err)))
			continue
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		root := p
		if lst, err := os.Lstat(p); err == nil && lst.Mode()&fs.ModeSymlink != 0 {
			// WalkDir does not follow a symbolic link, not even its root:
			// a trailing separator makes the system resolve it.
			root = p + string(filepath.Separator)
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				res.InputErrors = append(res.InputErrors, fmt.Errorf("%s: %w", path, unwrapPathError(err)))
				return nil
			}
			if d.IsDir() {
				name := d.Name()
				if path != root && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "vendor") {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type()&(fs.ModeNamedPipe|fs.ModeSocket|fs.ModeDevice|fs.ModeIrregular) != 0 {
				return nil // reading a pipe named x.json would block for ever
			}
			if d.Type()&fs.ModeSymlink != 0 {
				if _, err := os.Stat(path); err != nil {
					// A link to nothing that the search came across (not one
					// named on the command line) holds no state machine: one
					// stale link must not fail a whole repository's lint.
					return nil
				}
			}
			if load.KindOf(path) != load.Unknown {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			res.InputErrors = append(res.InputErrors, err)
		}
	}

	type fileResult struct {
		diags []Diagnostic
		defs  int
		err   error
	}
	results := make([]fileResult, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	workers := min(runtime.GOMAXPROCS(0), max(len(files), 1))
	for range workers {
		wg.Go(func() {
			for i := range next {
				d, n, err := lintFileSafely(files[i], opts, stdin)
				results[i] = fileResult{d, n, err}
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()

	res.Files = len(files)
	for _, r := range results {
		res.Diagnostics = append(res.Diagnostics, r.diags...)
		res.Definitions += r.defs
		if r.err != nil {
			res.InputErrors = append(res.InputErrors, r.err)
		}
	}
	Sort(res.Diagnostics)
	res.Diagnostics = dropRepeats(res.Diagnostics)
	return res
}

// dropRepeats removes a finding identical to the one before it in sorted
// order. A definition file that a SAM template references (DefinitionUri)
// is linted as itself and through the template when both are on the
// command line; the same problem is reported once.
func dropRepeats(ds []Diagnostic) []Diagnostic {
	out := ds[:0]
	for i, d := range ds {
		if i > 0 {
			prev := &out[len(out)-1]
			if prev.File == d.File && prev.Start == d.Start && prev.End == d.End && prev.Rule == d.Rule &&
				prev.Message == d.Message && prev.Severity == d.Severity {
				continue
			}
		}
		out = append(out, d)
	}
	return out
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// lintFileSafely is lintFile that turns a panic (a bug) into an error for
// that file: the other files are still linted and the exit status is 2.
func lintFileSafely(path string, opts Options, stdin io.Reader) (ds []Diagnostic, defs int, err error) {
	defer func() {
		if r := recover(); r != nil {
			ds, defs = nil, 0
			err = fmt.Errorf("%s: internal error: %v; please report it at https://github.com/sfnsim/sfnsim/issues with this file", path, r)
		}
	}()
	return lintFile(path, opts, stdin)
}

// lintFile reads and lints one file.
func lintFile(path string, opts Options, stdin io.Reader) ([]Diagnostic, int, error) {
	path, text, err := load.Read(path, stdin)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	return lintText(path, text, opts)
}

// lintText lints the state machines in one file's text. A template whose
// definitions partly fail to parse still has the others linted; every
// syntax error becomes an ASL001 finding.
func lintText(path string, text []byte, opts Options) ([]Diagnostic, int, error) {
	defs, err := load.File(path, text)
	var out []Diagnostic
	for _, se := range syntaxErrors(err) {
		out = append(out, Diagnostic{
			Rule: ruleSyntax, Severity: Error, Message: se.Msg, File: se.Path,
			Start: se.Pos, End: se.Pos,
		})
	}
	for _, def := range defs {
		out = append(out, Definition(def, opts)...)
	}
	return out, len(defs), err
}

// syntaxErrors lists the *asl.SyntaxError values in err, which may join
// several (one per bad definition of a template).
func syntaxErrors(err error) []*asl.SyntaxError {
	if err == nil {
		return nil
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var out []*asl.SyntaxError
		for _, e := range joined.Unwrap() {
			out = append(out, syntaxErrors(e)...)
		}
		return out
	}
	var se *asl.SyntaxError
	if errors.As(err, &se) {
		return []*asl.SyntaxError{se}
	}
	return nil
}

// Text lints the state machines in one file's text (already read).
func Text(path string, text []byte, opts Options) ([]Diagnostic, error) {
	ds, _, err := lintText(path, text, opts)
	Sort(ds)
	return ds, err
}
