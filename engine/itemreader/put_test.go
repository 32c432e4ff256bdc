package itemreader

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestDirStorePutObject(t *testing.T) {
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	outside := t.TempDir()
	// A link inside the bucket that leads out of it: writes through it must fail.
	if err := os.Symlink(outside, filepath.Join(root, "b", "escape")); err != nil {
		t.Skipf("symlinks unavailable: %v", err)
	}
	s := DirStore{Root: root}
	ctx := context.Background()

	tests := []struct {
		name    string
		bucket  string
		key     string
		wantErr error // nil = success; otherwise errors.Is target, or errAny
	}{
		{name: "top level", bucket: "b", key: "a.json"},
		{name: "nested folders created", bucket: "b", key: "p/q/r/manifest.json"},
		{name: "overwrite", bucket: "b", key: "a.json"},
		{name: "missing bucket", bucket: "nobucket", key: "a", wantErr: ErrNoSuchBucket},
		{name: "bucket with slash", bucket: "b/..", key: "a", wantErr: ErrNoSuchBucket},
		{name: "dotdot", bucket: "b", key: "../x", wantErr: ErrInvalidKey},
		{name: "inner dotdot", bucket: "b", key: "p/../../x", wantErr: ErrInvalidKey},
		{name: "absolute", bucket: "b", key: "/etc/x", wantErr: ErrInvalidKey},
		{name: "folder key", bucket: "b", key: "p/", wantErr: ErrInvalidKey},
		{name: "empty key", bucket: "b", key: "", wantErr: ErrInvalidKey},
		{name: "symlink escape", bucket: "b", key: "escape/x.json", wantErr: errAny},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body := []byte("content of " + tc.name)
			err := s.PutObject(ctx, tc.bucket, tc.key, body)
			switch {
			case tc.wantErr == nil && err != nil:
				t.Fatalf("PutObject: %v", err)
			case tc.wantErr == nil:
				rc, err := s.GetObject(ctx, tc.bucket, tc.key)
				if err != nil {
					t.Fatalf("GetObject after put: %v", err)
				}
				defer rc.Close()
				got, _ := io.ReadAll(rc)
				if string(got) != string(body) {
					t.Errorf("read back %q, want %q", got, body)
				}
			case err == nil:
				t.Fatalf("PutObject succeeded, want error %v", tc.wantErr)
			case tc.wantErr != errAny && !errors.Is(err, tc.wantErr):
				t.Errorf("error %v, want %v", err, tc.wantErr)
			}
		})
	}
	if ents, _ := os.ReadDir(outside); len(ents) != 0 {
		t.Errorf("a file was written outside the bucket: %v", ents)
	}
	if _, err := os.Stat(filepath.Join(root, "x")); err == nil {
		t.Errorf("a file was written beside the bucket")
	}
	// No temporary files may be left behind.
	var listed []string
	if err := s.ListObjects(ctx, "b", "", func(o Object) error { listed = append(listed, o.Key); return nil }); err != nil {
		t.Fatal(err)
	}
	want := []string{"a.json", "p/q/r/manifest.json"}
	if len(listed) != len(want) || listed[0] != want[0] || listed[1] != want[1] {
		t.Errorf("bucket holds %q, want %q", listed, want)
	}
}

func TestDirStorePutObjectCancelled(t *testing.T) {
	root := t.TempDir()
	os.Mkdir(filepath.Join(root, "b"), 0o755)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := (DirStore{Root: root}).PutObject(ctx, "b", "k", nil); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}

// errAny marks a case where any error will do (os.Root's wording varies).
var errAny = errors.New("any error")
