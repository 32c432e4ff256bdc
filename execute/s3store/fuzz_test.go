package s3store

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/sfnsim/sfnsim/engine/itemreader"
)

// FuzzFolderKeys checks that no key reaches outside a --s3-dir folder: an
// object put under any key is read back under that key, and nothing beside
// the folder is created or changed.
func FuzzFolderKeys(f *testing.F) {
	for _, k := range []string{"a", "a/b/c.json", "../outside", "/etc/passwd", "a/../../x", "./a", "a//b", "a/", "..", "link/escape", "a\\..\\b", "\x00", "é/ü"} {
		f.Add(k)
	}
	f.Fuzz(func(t *testing.T, key string) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "bucket")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		outside := filepath.Join(parent, "outside")
		if err := os.WriteFile(outside, []byte("keep"), 0o644); err != nil {
			t.Fatal(err)
		}
		// A link out of the folder: keys through it must not follow it.
		if err := os.Symlink(parent, filepath.Join(dir, "link")); err != nil {
			t.Fatal(err)
		}
		b := folderBucket{dir: dir}
		ctx := context.Background()
		if err := b.PutObject(ctx, "bkt", key, []byte("body")); err == nil {
			r, err := b.GetObject(ctx, "bkt", key)
			if err != nil {
				t.Fatalf("put %q, then get: %v", key, err)
			}
			body, _ := io.ReadAll(r)
			r.Close()
			if string(body) != "body" {
				t.Fatalf("put %q, got back %q", key, body)
			}
		}
		_ = b.ListObjects(ctx, "bkt", "", func(itemreader.Object) error { return nil })
		entries, err := os.ReadDir(parent)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 {
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Fatalf("key %q created %v beside the folder", key, names)
		}
		if b, err := os.ReadFile(outside); err != nil || string(b) != "keep" {
			t.Fatalf("key %q changed a file outside the folder: %q, %v", key, b, err)
		}
	})
}
