// Package sharedtest finds the project's shared test data (the lint corpus,
// the conformance cases recorded on AWS, the examples) for tests.
//
// The data lives beside the repository, in ../shared, or where
// SFNSIM_SHARED points. A plain clone has no such folder: tests that need it
// skip with a message saying so. In CI (CI=true) the folder is present, and a
// missing folder fails the test instead, so that a check can never pass by
// being skipped.
package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the shared folder, or skips (fails under CI=true) the test
// when it cannot be found.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir, ok := find()
	if ok {
		return dir
	}
	msg := "shared test data not found: set SFNSIM_SHARED or place the shared folder beside the repository (../shared)"
	if os.Getenv("CI") == "true" {
		tb.Fatal(msg + " (CI=true: tests that need it must run)")
	}
	tb.Skip(msg)
	return ""
}

func find() (string, bool) {
	if d := os.Getenv("SFNSIM_SHARED"); d != "" {
		return d, isDir(d)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	// Walk up to the module root (the folder with go.mod); shared sits
	// beside it.
	for d := wd; ; d = filepath.Dir(d) {
		if isFile(filepath.Join(d, "go.mod")) {
			s := filepath.Join(filepath.Dir(d), "shared")
			return s, isDir(s)
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// Path joins elements onto the shared folder (skipping the test when it is
// absent).
func Path(tb testing.TB, elem ...string) string {
	tb.Helper()
	return filepath.Join(append([]string{Dir(tb)}, elem...)...)
}
