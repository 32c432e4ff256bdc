package format

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRepositoryRoot(t *testing.T) {
	tmp := t.TempDir()
	repo := filepath.Join(tmp, "repo")
	deep := filepath.Join(repo, "infra", "sm")
	sub := filepath.Join(repo, "vendor", "lib") // a submodule: .git is a file
	for _, d := range []string{filepath.Join(repo, ".git"), deep, sub} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(sub, ".git"), []byte("gitdir: ../../.git/modules/lib\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(tmp, "elsewhere")
	if err := os.Mkdir(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ dir, want string }{
		{repo, repo},
		{deep, repo},
		{filepath.Join(sub, "x"), sub},
		{sub, sub},
	} {
		if got := RepositoryRoot(tt.dir); got != tt.want {
			t.Errorf("RepositoryRoot(%q) = %q, want %q", tt.dir, got, tt.want)
		}
	}
	// Outside a work tree the directory itself is the base (unless tmp is
	// inside one, which a test cannot rule out).
	if got := RepositoryRoot(outside); got != outside && filepath.Dir(got) == got {
		t.Errorf("RepositoryRoot(%q) = %q", outside, got)
	}
}
