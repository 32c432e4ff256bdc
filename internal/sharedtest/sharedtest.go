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
	"bytes"
	"encoding/json"
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

// Definition is one state machine of the shared test data.
type Definition struct {
	// Name is the file's path relative to the shared folder, with forward
	// slashes: corpus/lint/valid/x.json, conformance/base/y.json.
	Name string
	// Text is the definition's JSON text. For a conformance case it is the
	// case's "definition" member, as written in the case file.
	Text []byte
}

// Base is the last element of the definition's name.
func (d Definition) Base() string { return filepath.Base(d.Name) }

// Corpus returns the labelled lint corpus: label is "valid" or "invalid".
func Corpus(tb testing.TB, label string) []Definition {
	tb.Helper()
	dir := Dir(tb)
	files, err := filepath.Glob(filepath.Join(dir, "corpus", "lint", label, "*"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no %s corpus files in %s: %v", label, dir, err)
	}
	out := make([]Definition, 0, len(files))
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, Definition{Name: rel(dir, f), Text: text})
	}
	return out
}

// Conformance returns the definition of every conformance case. Each ran on
// AWS Step Functions, so AWS accepted each one.
func Conformance(tb testing.TB) []Definition {
	tb.Helper()
	dir := Dir(tb)
	cases, err := filepath.Glob(filepath.Join(dir, "conformance", "*", "*.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var out []Definition
	for _, c := range cases {
		if filepath.Base(c) == "index.json" {
			continue
		}
		raw, err := os.ReadFile(c)
		if err != nil {
			tb.Fatal(err)
		}
		var tc struct {
			Definition json.RawMessage `json:"definition"`
		}
		if err := json.Unmarshal(raw, &tc); err != nil {
			tb.Fatalf("%s: %v", c, err)
		}
		if len(tc.Definition) == 0 || string(tc.Definition) == "null" {
			tb.Fatalf("%s: the case has no definition", c)
		}
		out = append(out, Definition{Name: rel(dir, c), Text: tc.Definition})
	}
	if len(out) == 0 {
		tb.Fatalf("no conformance cases in %s", dir)
	}
	return out
}

// Accepted returns every definition known to be valid: the corpus labelled
// valid and the conformance definitions.
func Accepted(tb testing.TB) []Definition {
	tb.Helper()
	return append(Corpus(tb, "valid"), Conformance(tb)...)
}

// Decode unmarshals a definition into the values encoding/json produces
// with UseNumber.
func (d Definition) Decode(tb testing.TB) any {
	tb.Helper()
	dec := json.NewDecoder(bytes.NewReader(d.Text))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		tb.Fatalf("%s: %v", d.Name, err)
	}
	return v
}

func rel(dir, path string) string {
	r, err := filepath.Rel(dir, path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(r)
}

// Decoded returns decoded definitions for walking their values: for
// "valid", every accepted definition (Accepted) keyed by Name; for
// "invalid", the invalid corpus keyed by file name (Base), which is how
// tests list their expectations for it.
func Decoded(tb testing.TB, label string) map[string]any {
	tb.Helper()
	out := map[string]any{}
	if label == "valid" {
		for _, d := range Accepted(tb) {
			out[d.Name] = d.Decode(tb)
		}
		return out
	}
	for _, d := range Corpus(tb, label) {
		out[d.Base()] = d.Decode(tb)
	}
	return out
}
