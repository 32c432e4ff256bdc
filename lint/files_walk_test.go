//go:build unix

package lint

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

const badStart = `{"StartAt": "Nope", "States": {"A": {"Type": "Succeed"}}}`

// TestPathsSymlinkedDirectory: a directory named through a symbolic link is
// linted, not skipped with exit status 0.
func TestPathsSymlinkedDirectory(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	if err := os.Mkdir(real, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(real, "sm.asl.json"), []byte(badStart), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink("real", link); err != nil {
		t.Skip(err)
	}
	res := Paths([]string{link}, Options{}, nil)
	if res.Files != 1 || len(res.Diagnostics) == 0 {
		t.Fatalf("linted %d files, %d findings; want the file behind the link", res.Files, len(res.Diagnostics))
	}
	if got, want := res.Diagnostics[0].File, filepath.Join(link, "sm.asl.json"); got != want {
		t.Errorf("finding in %q, want %q", got, want)
	}
}

// TestPathsSkipsPipes: a named pipe found in a directory is not read (it
// would block for ever).
func TestPathsSkipsPipes(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.json"), 0o644); err != nil {
		t.Skip(err)
	}
	done := make(chan *Result)
	go func() { done <- Paths([]string{dir}, Options{}, nil) }()
	select {
	case res := <-done:
		if res.Files != 0 || len(res.InputErrors) != 0 {
			t.Errorf("files %d, errors %v; want the pipe skipped", res.Files, res.InputErrors)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Paths blocked on a named pipe")
	}
}

// TestPathsSkipsDanglingLinks: a link to nothing found in a directory is
// skipped; named on the command line it is an input error.
func TestPathsSkipsDanglingLinks(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "sm.asl.json"), []byte(badStart), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "gone.json")
	if err := os.Symlink("nowhere.json", link); err != nil {
		t.Skip(err)
	}
	if res := Paths([]string{dir}, Options{}, nil); len(res.InputErrors) != 0 || res.Files != 1 || len(res.Diagnostics) == 0 {
		t.Errorf("directory: files %d, findings %d, errors %v; want the one file linted and the link skipped", res.Files, len(res.Diagnostics), res.InputErrors)
	}
	if res := Paths([]string{link}, Options{}, nil); len(res.InputErrors) != 1 {
		t.Errorf("named link: errors %v, want one", res.InputErrors)
	}
}
