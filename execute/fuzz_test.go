package execute

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLog checks that no run log makes ReadLog panic, that its errors
// name the file and line, and that opening a log to append keeps its whole
// lines, cutting only a last line left unfinished.
func FuzzLog(f *testing.F) {
	line := `{"map":"M","visit":1,"index":2,"status":"SUCCEEDED","output":{"a":1},"input":[1],"started":"2026-01-01T00:00:00Z","stopped":"2026-01-01T00:00:01Z"}`
	for _, s := range []string{
		"",
		"\n",
		line + "\n",
		line + "\n" + line[:40],
		line + "\n" + `{"map":"M","index":2,"status":"FAILED"}` + "\n",
		"not json\n" + line + "\n",
		line,
		strings.Repeat("x", 70<<10) + "\n" + line,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, LogFile)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadLog(dir); err != nil && !strings.HasPrefix(err.Error(), path+":") {
			t.Fatalf("error does not name the file and line: %v", err)
		}
		l, err := openLog(dir, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		want := data[:bytes.LastIndexByte(data, '\n')+1]
		if !bytes.Equal(got, want) {
			t.Fatalf("after opening, the log is %q, want its whole lines %q", got, want)
		}
	})
}
