package itemreader

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"time"
)

// Object is one entry of a bucket listing, with the fields S3's
// ListObjectsV2 returns and a Distributed Map item shows (§4.3).
type Object struct {
	Key          string
	ETag         string // as S3 gives it, double quotes included: "\"d41d8…\""
	LastModified time.Time
	Size         int64
	StorageClass string
}

// ObjectStore is the part of S3 the item readers need. The engine gives the
// simulator's store (or a real S3 adapter) here.
type ObjectStore interface {
	// GetObject opens an object. A missing bucket or key is an error that
	// wraps ErrNoSuchBucket or ErrNoSuchKey.
	GetObject(ctx context.Context, bucket, key string) (io.ReadCloser, error)
	// ListObjects calls fn for every object whose key starts with prefix, in
	// ascending key order (S3 sorts by UTF-8 bytes), and stops at the first
	// error fn returns, returning it.
	ListObjects(ctx context.Context, bucket, prefix string, fn func(Object) error) error
}

// Errors a store wraps so that callers can tell a missing object apart.
var (
	ErrNoSuchBucket = errors.New("The specified bucket does not exist")
	ErrNoSuchKey    = errors.New("The specified key does not exist.")
	ErrInvalidKey   = errors.New("invalid object key")
)

// DirStore is an ObjectStore over a local folder: bucket b is the folder
// Root/b and key k the file Root/b/k ("/" separates folders). Folders are not
// objects. Keys cannot leave their bucket: "..", absolute keys and symbolic
// links that point outside the bucket folder are refused (os.Root enforces
// the last one on every open).
type DirStore struct {
	Root string
}

func checkBucket(bucket string) error {
	if bucket == "" || bucket == "." || bucket == ".." || strings.ContainsAny(bucket, "/\\\x00") {
		return fmt.Errorf("%w: bucket %q", ErrNoSuchBucket, bucket)
	}
	return nil
}

func checkKey(key string) error {
	if key == "" || strings.HasPrefix(key, "/") || strings.ContainsAny(key, "\\\x00") {
		return fmt.Errorf("%w %q", ErrInvalidKey, key)
	}
	for _, seg := range strings.Split(key, "/") {
		if seg == ".." || seg == "." {
			return fmt.Errorf("%w %q: %q segments are not allowed", ErrInvalidKey, key, seg)
		}
	}
	return nil
}

func (s DirStore) openBucket(bucket string) (*os.Root, error) {
	if err := checkBucket(bucket); err != nil {
		return nil, err
	}
	r, err := os.OpenRoot(path.Join(s.Root, bucket))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w: %q", ErrNoSuchBucket, bucket)
		}
		return nil, err
	}
	return r, nil
}

// GetObject opens Root/bucket/key.
func (s DirStore) GetObject(ctx context.Context, bucket, key string) (io.ReadCloser, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := checkKey(key); err != nil {
		return nil, err
	}
	r, err := s.openBucket(bucket)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	f, err := r.Open(key)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w (key %q)", ErrNoSuchKey, key)
		}
		return nil, err
	}
	if st, err := f.Stat(); err != nil || st.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%w (key %q)", ErrNoSuchKey, key)
	}
	return f, nil
}

// ListObjects walks Root/bucket. Within a folder, entries are visited in the
// order of their key text (a folder sorts as its name plus "/"), which gives
// S3's global byte order without holding the whole listing in memory. The
// ETag is the quoted MD5 of the content, as S3 gives for single-part uploads;
// StorageClass is STANDARD. Symbolic links are followed only within the
// bucket; others are skipped.
func (s DirStore) ListObjects(ctx context.Context, bucket, prefix string, fn func(Object) error) error {
	r, err := s.openBucket(bucket)
	if err != nil {
		return err
	}
	defer r.Close()
	return listDir(ctx, r.FS(), ".", "", prefix, fn)
}

type dirEntry struct {
	name  string
	sort  string
	isDir bool
}

func listDir(ctx context.Context, fsys fs.FS, dir, keyPrefix, prefix string, fn func(Object) error) error {
	des, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return err
	}
	entries := make([]dirEntry, 0, len(des))
	for _, de := range des {
		name := de.Name()
		p := path.Join(dir, name)
		st, err := fs.Stat(fsys, p) // follows links; fails for links leaving the root
		if err != nil {
			continue
		}
		e := dirEntry{name: name, sort: name, isDir: st.IsDir()}
		if e.isDir {
			e.sort += "/"
		}
		entries = append(entries, e)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].sort < entries[j].sort })
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return err
		}
		key := keyPrefix + e.sort
		p := path.Join(dir, e.name)
		if e.isDir {
			// Descend only where some key below can start with prefix.
			if strings.HasPrefix(key, prefix) || strings.HasPrefix(prefix, key) {
				if err := listDir(ctx, fsys, p, key, prefix, fn); err != nil {
					return err
				}
			}
			continue
		}
		if !strings.HasPrefix(key, prefix) {
			continue
		}
		obj, err := statObject(fsys, p, key)
		if err != nil {
			continue // vanished or unreadable: S3 would not list it either
		}
		if err := fn(obj); err != nil {
			return err
		}
	}
	return nil
}

func statObject(fsys fs.FS, p, key string) (Object, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return Object{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Object{}, err
	}
	h := md5.New()
	if _, err := io.Copy(h, f); err != nil {
		return Object{}, err
	}
	return Object{
		Key:          key,
		ETag:         `"` + hex.EncodeToString(h.Sum(nil)) + `"`,
		LastModified: st.ModTime(),
		Size:         st.Size(),
		StorageClass: "STANDARD",
	}, nil
}
