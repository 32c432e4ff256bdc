package s3store

import (
	"context"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sfnsim/sfnsim/engine/itemreader"
)

func TestParseDirFlag(t *testing.T) {
	tests := []struct {
		name    string
		values  []string
		want    map[string]string
		wantMsg string // text the error must contain; "" for success
	}{
		{name: "none", values: nil, want: map[string]string{}},
		{name: "several", values: []string{"in=./data", "out=/tmp/results"}, want: map[string]string{"in": "./data", "out": "/tmp/results"}},
		{name: "folder with =", values: []string{"b=./x=y"}, want: map[string]string{"b": "./x=y"}},
		{name: "no =", values: []string{"./data"}, wantMsg: "write BUCKET=DIR"},
		{name: "no bucket", values: []string{"=./data"}, wantMsg: "no bucket name"},
		{name: "no folder", values: []string{"b="}, wantMsg: "no folder after"},
		{name: "s3 URL", values: []string{"s3://b/=./data"}, wantMsg: "without s3://, e.g. --s3-dir b=./data"},
		{name: "prefix in bucket", values: []string{"b/prefix=./data"}, wantMsg: "a bucket name has no \"/\""},
		{name: "dot dot", values: []string{"..=./data"}, wantMsg: "not a bucket name"},
		{name: "control character", values: []string{"b\n=./data"}, wantMsg: "control characters"},
		{name: "duplicate", values: []string{"b=./one", "b=./two"}, wantMsg: "already mapped to ./one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDirFlag(tt.values)
			if tt.wantMsg != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantMsg) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantMsg)
				}
				if !strings.Contains(err.Error(), "--s3-dir") {
					t.Errorf("error %q does not name the flag", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNewRouterErrors(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		dirs    map[string]string
		wantMsg []string
	}{
		{name: "missing folder", dirs: map[string]string{"b": filepath.Join(tmp, "nope")}, wantMsg: []string{"--s3-dir b=" + filepath.Join(tmp, "nope"), "does not exist; create it"}},
		{name: "file", dirs: map[string]string{"b": file}, wantMsg: []string{"--s3-dir b=" + file, "is a file, not a folder"}},
		{name: "empty folder name", dirs: map[string]string{"b": ""}, wantMsg: []string{"no folder given"}},
		{name: "bad bucket", dirs: map[string]string{"a/b": tmp}, wantMsg: []string{"--s3-dir a/b=", "no \"/\""}},
		{name: "first bad in bucket order", dirs: map[string]string{"z": file, "a": file}, wantMsg: []string{"--s3-dir a="}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewRouter(nil, tt.dirs)
			if err == nil {
				t.Fatal("no error")
			}
			for _, m := range tt.wantMsg {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q lacks %q", err, m)
				}
			}
		})
	}
}

// writeTree creates files (key → content) under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for k, v := range files {
		p := filepath.Join(dir, filepath.FromSlash(k))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(v), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// folderLayouts gives the two ways a mapped folder is served: named after
// its bucket (DirStore) or not (folderBucket). Both must behave alike.
var folderLayouts = []struct {
	name    string
	folder  string // the folder's name; the bucket is "bkt"
	dirKind string
}{
	{name: "folder named after bucket", folder: "bkt", dirKind: "itemreader.DirStore"},
	{name: "folder with another name", folder: "local-data", dirKind: "s3store.folderBucket"},
}

func TestRouterRoutes(t *testing.T) {
	for _, layout := range folderLayouts {
		t.Run(layout.name, func(t *testing.T) {
			f := newFakeS3(t, "remote")
			f.put(t, "remote", "items.json", []byte(`[1]`))
			tmp := t.TempDir()
			dir := filepath.Join(tmp, layout.folder)
			writeTree(t, dir, map[string]string{"items.json": `[2]`})
			ctx := context.Background()

			for _, online := range []bool{true, false} {
				s3 := f.store
				if !online {
					s3 = nil
				}
				r, err := NewRouter(s3, map[string]string{"bkt": dir})
				if err != nil {
					t.Fatal(err)
				}
				if got := kindOf(r.dirs["bkt"]); got != layout.dirKind {
					t.Fatalf("folder served by %s, want %s", got, layout.dirKind)
				}
				// The mapped bucket never reaches S3, online or not.
				if got := string(readAll(t, r, "bkt", "items.json")); got != `[2]` {
					t.Errorf("online=%v: mapped bucket gave %s", online, got)
				}
				if err := r.PutObject(ctx, "bkt", "out/r.json", []byte("local")); err != nil {
					t.Fatal(err)
				}
				if f.count("/bkt") != 0 {
					t.Errorf("online=%v: the mapped bucket was sent to S3", online)
				}
				if !online {
					_, err := r.GetObject(ctx, "remote", "items.json")
					if err == nil || !strings.Contains(err.Error(), "--s3-dir remote=DIR") {
						t.Errorf("offline, unmapped bucket: error %v, want advice to map it", err)
					}
					if errors.Is(err, itemreader.ErrNoSuchBucket) {
						t.Error("offline error wraps ErrNoSuchBucket; the engine would hide its advice")
					}
					if err := r.PutObject(ctx, "remote", "k", nil); err == nil {
						t.Error("offline PutObject to an unmapped bucket succeeded")
					}
					if err := r.ListObjects(ctx, "remote", "", func(itemreader.Object) error { return nil }); err == nil {
						t.Error("offline ListObjects of an unmapped bucket succeeded")
					}
					continue
				}
				if got := string(readAll(t, r, "remote", "items.json")); got != `[1]` {
					t.Errorf("unmapped bucket gave %s", got)
				}
				if err := r.PutObject(ctx, "remote", "out/r.json", []byte("remote")); err != nil {
					t.Fatal(err)
				}
				if got := string(readAll(t, f.store, "remote", "out/r.json")); got != "remote" {
					t.Errorf("S3 holds %q", got)
				}
				var keys []string
				if err := r.ListObjects(ctx, "remote", "", func(o itemreader.Object) error {
					keys = append(keys, o.Key)
					return nil
				}); err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(keys, []string{"items.json", "out/r.json"}) {
					t.Errorf("remote listing %v", keys)
				}
			}
			if b, err := os.ReadFile(filepath.Join(dir, "out", "r.json")); err != nil || string(b) != "local" {
				t.Errorf("folder holds %q, %v", b, err)
			}
		})
	}
}

func kindOf(l localBucket) string {
	switch l.(type) {
	case itemreader.DirStore:
		return "itemreader.DirStore"
	case folderBucket:
		return "s3store.folderBucket"
	}
	return "?"
}

// TestFolderEscapes tries to leave the mapped folder every way a key can.
func TestFolderEscapes(t *testing.T) {
	for _, layout := range folderLayouts {
		t.Run(layout.name, func(t *testing.T) {
			tmp := t.TempDir()
			dir := filepath.Join(tmp, "sub", layout.folder)
			writeTree(t, dir, map[string]string{"in.txt": "in"})
			writeTree(t, tmp, map[string]string{"secret.txt": "secret", "sub/secret.txt": "secret"})
			if err := os.Symlink(tmp, filepath.Join(dir, "out-link")); err != nil {
				t.Skip("no symbolic links here:", err)
			}
			if err := os.Symlink(filepath.Join(tmp, "secret.txt"), filepath.Join(dir, "secret-link")); err != nil {
				t.Fatal(err)
			}
			r, err := NewRouter(nil, map[string]string{"bkt": dir})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			// Links out of the folder must be neither listed nor read.
			var listed []string
			if err := r.ListObjects(ctx, "bkt", "", func(o itemreader.Object) error {
				listed = append(listed, o.Key)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(listed, []string{"in.txt"}) {
				t.Errorf("listing shows %v; links out of the folder must not be listed", listed)
			}
			keys := []string{
				"../secret.txt",
				"a/../../secret.txt",
				"/" + strings.TrimPrefix(filepath.ToSlash(filepath.Join(tmp, "secret.txt")), "/"),
				"out-link/secret.txt",
				"./in.txt",
				`..\secret.txt`,
				"",
			}
			for _, key := range append(keys, "secret-link") {
				if rc, err := r.GetObject(ctx, "bkt", key); err == nil {
					rc.Close()
					t.Errorf("GetObject(%q) succeeded", key)
				}
			}
			for _, key := range keys {
				if err := r.PutObject(ctx, "bkt", key, []byte("pwned")); err == nil {
					t.Errorf("PutObject(%q) succeeded", key)
				}
			}
			// Writing over a link replaces the link inside the folder, as S3
			// replaces an object; the file it pointed to stays as it was.
			if err := r.PutObject(ctx, "bkt", "secret-link", []byte("mine")); err != nil {
				t.Errorf("PutObject over a link: %v", err)
			}
			if got := string(readAll(t, r, "bkt", "secret-link")); got != "mine" {
				t.Errorf("secret-link reads %q after the put", got)
			}
			for _, p := range []string{"secret.txt", "sub/secret.txt"} {
				if b, _ := os.ReadFile(filepath.Join(tmp, p)); string(b) != "secret" {
					t.Errorf("%s outside the folder was changed to %q", p, b)
				}
			}
		})
	}
}

// TestFolderBucketMatchesDirStore lists and reads one tree through
// folderBucket and through the engine's DirStore: their answers must be the
// same, since which one serves a folder depends only on its name.
func TestFolderBucketMatchesDirStore(t *testing.T) {
	files := map[string]string{
		"a-b": "1", "a.b": "22", "a/b": "333", "a/c/d.json": "{}", "a0": "", "b": "x",
		"data/2025/01.csv": "h\n1\n", "data/2025/02.csv": "h\n2\n", "data/2026.csv": "h\n", "é/ü": "utf8",
	}
	tmp := t.TempDir()
	writeTree(t, filepath.Join(tmp, "bkt"), files)
	dirStore := itemreader.DirStore{Root: tmp}
	folder := folderBucket{dir: filepath.Join(tmp, "bkt")}
	ctx := context.Background()

	for _, prefix := range []string{"", "a", "a/", "a/c", "data/2025/", "data/2", "é", "zz"} {
		t.Run("prefix "+prefix, func(t *testing.T) {
			list := func(st itemreader.ObjectStore) []itemreader.Object {
				var objs []itemreader.Object
				if err := st.ListObjects(ctx, "bkt", prefix, func(o itemreader.Object) error {
					objs = append(objs, o)
					return nil
				}); err != nil {
					t.Fatal(err)
				}
				return objs
			}
			want, got := list(dirStore), list(folder)
			if !slices.Equal(got, want) {
				t.Fatalf("folderBucket listed %v, DirStore %v", objectKeys(got), objectKeys(want))
			}
			if !slices.IsSortedFunc(got, func(a, b itemreader.Object) int { return strings.Compare(a.Key, b.Key) }) {
				t.Errorf("keys out of order: %v", got)
			}
			for _, o := range got {
				if !strings.HasPrefix(o.Key, prefix) || files[o.Key] != string(readAll(t, folder, "bkt", o.Key)) {
					t.Errorf("object %q does not match its file", o.Key)
				}
			}
		})
	}

	t.Run("missing keys", func(t *testing.T) {
		// "b/c" goes through the file b: DirStore passes the system's
		// "not a directory" on, folderBucket calls it a missing key, as
		// S3 would.
		for _, key := range []string{"nope", "a", "a/", "b/c", "a/c"} {
			_, errD := dirStore.GetObject(ctx, "bkt", key)
			_, errF := folder.GetObject(ctx, "bkt", key)
			if !errors.Is(errF, itemreader.ErrNoSuchKey) {
				t.Errorf("folderBucket GetObject(%q): %v, want NoSuchKey", key, errF)
			}
			if errD == nil {
				t.Errorf("DirStore GetObject(%q) succeeded", key)
			}
		}
	})
}

func objectKeys(objs []itemreader.Object) []string {
	keys := make([]string, len(objs))
	for i, o := range objs {
		keys[i] = o.Key
	}
	return keys
}

// TestFolderLinkLoop lists a folder holding a link to its own parent: each
// file must be listed once, not again under loop/, loop/loop/ ….
func TestFolderLinkLoop(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	writeTree(t, dir, map[string]string{"a/x": "1", "b": "2"})
	if err := os.Symlink("..", filepath.Join(dir, "a", "loop")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	var keys []string
	err := folderBucket{dir: dir}.ListObjects(context.Background(), "bkt", "", func(o itemreader.Object) error {
		keys = append(keys, o.Key)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(keys, []string{"a/x", "b"}) {
		t.Fatalf("listed %v, want [a/x b]", keys)
	}
}

func TestFolderPutObject(t *testing.T) {
	tests := []struct {
		name     string
		key      string
		wantFail bool
		wantIs   error // sentinel a failure must wrap, if any
	}{
		{name: "top level", key: "r.json"},
		{name: "new folders", key: "runs/2025/id/SUCCEEDED_0.json"},
		{name: "replace", key: "exists.json"},
		{name: "folder key", key: "runs/", wantFail: true, wantIs: itemreader.ErrInvalidKey},
		{name: "dot segment", key: "runs/./x", wantFail: true, wantIs: itemreader.ErrInvalidKey},
		{name: "file in the way", key: "exists.json/x", wantFail: true},
		{name: "folder in the way", key: "sub", wantFail: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			writeTree(t, dir, map[string]string{"exists.json": "old", "sub/f": "x"})
			f := folderBucket{dir: dir}
			err := f.PutObject(context.Background(), "bkt", tt.key, []byte("new"))
			if tt.wantFail {
				if err == nil {
					t.Fatal("no error")
				}
				if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
					t.Fatalf("error %v, want %v", err, tt.wantIs)
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				if got := string(readAll(t, f, "bkt", tt.key)); got != "new" {
					t.Fatalf("read back %q", got)
				}
			}
			// No temporary file may stay behind, whatever happened.
			_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err == nil && strings.Contains(d.Name(), ".sfnsim-tmp-") {
					t.Errorf("temporary file %s left behind", p)
				}
				return nil
			})
		})
	}

	t.Run("folder removed after NewRouter", func(t *testing.T) {
		f := folderBucket{dir: filepath.Join(t.TempDir(), "gone")}
		if err := f.PutObject(context.Background(), "bkt", "k", nil); !errors.Is(err, itemreader.ErrNoSuchBucket) {
			t.Fatalf("error %v, want NoSuchBucket", err)
		}
		if _, err := f.GetObject(context.Background(), "bkt", "k"); !errors.Is(err, itemreader.ErrNoSuchBucket) {
			t.Fatalf("error %v, want NoSuchBucket", err)
		}
	})
}
