// Package format renders lint diagnostics for people and for machines: the
// text lines editors and problem matchers read, a versioned JSON document,
// SARIF 2.1.0 for GitHub code scanning, GitHub Actions workflow commands and
// a markdown step summary. Every renderer shows the same data (conventions
// §1.2) and sorts it first, so output is deterministic whatever order the
// diagnostics arrive in.
package format

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/lint"
)

// Tool names the program in JSON and SARIF output.
type Tool struct {
	Name    string
	Version string
	// InformationURI is the project's home page (SARIF driver.informationUri).
	InformationURI string
}

// Summary is what a lint run looked at. The finding counts are computed
// from the diagnostics themselves.
type Summary struct {
	Files, Definitions int
}

// sorted returns a sorted copy of ds; the caller's slice is left alone.
func sorted(ds []lint.Diagnostic) []lint.Diagnostic {
	out := slices.Clone(ds)
	lint.Sort(out)
	return out
}

// end is the diagnostic's end position, or its start when the end is not
// known (a syntax error is a point).
func end(d *lint.Diagnostic) asl.Pos {
	if !d.End.IsValid() || d.End.Line < d.Start.Line {
		return d.Start
	}
	return d.End
}

// RelativeTo returns ds with every file path made relative to base and
// written with forward slashes, as SARIF artifact URIs and GitHub
// annotations expect paths relative to the repository root. Paths outside
// base, and names that are not paths (<stdin>), are kept as they are.
// base "" keeps paths as given (cleaned, with forward slashes).
func RelativeTo(ds []lint.Diagnostic, base string) []lint.Diagnostic {
	out := slices.Clone(ds)
	for i := range out {
		out[i].File = relativePath(out[i].File, base)
	}
	return out
}

func relativePath(path, base string) string {
	if path == "" || strings.HasPrefix(path, "<") {
		return path
	}
	if base != "" {
		if abs, err := filepath.Abs(path); err == nil {
			if rel, err := filepath.Rel(base, abs); err == nil && rel != ".." &&
				!strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				path = rel
			}
		}
	}
	return filepath.ToSlash(filepath.Clean(path))
}

// RepositoryRoot is the directory that SARIF and GitHub annotation paths are
// relative to: the top of the Git work tree that holds dir (the first
// folder up from dir with a .git directory, or the .git file of a worktree
// or submodule), or dir itself outside a work tree.
func RepositoryRoot(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return dir
		}
	}
}
