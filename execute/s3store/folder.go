package s3store

import (
	"context"
	"crypto/md5"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"syscall"

	"github.com/sfnsim/sfnsim/engine/itemreader"
)

// folderBucket is a bucket whose objects are the files under dir, for an
// --s3-dir mapping whose folder is not named after the bucket (so
// itemreader.DirStore, which finds bucket b at Root/b, cannot serve it).
// It behaves as DirStore does: keys are "/"-separated paths under dir,
// folders are not objects, listings come in S3's byte order, and every
// access goes through os.Root so that no key, "..", absolute path or
// symbolic link, reaches outside dir.
//
// The folder is opened anew for each call rather than held open, as
// DirStore does, so a Router needs no Close and a folder recreated during
// the run is picked up.
type folderBucket struct {
	dir string
}

// open opens the bucket's folder; its disappearance since NewRouter is
// S3's missing bucket.
func (f folderBucket) open(bucket string) (*os.Root, error) {
	root, err := os.OpenRoot(f.dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w: %q (its folder %s is gone; recreate it)", itemreader.ErrNoSuchBucket, bucket, f.dir)
		}
		return nil, fmt.Errorf("bucket %q (folder %s): %w", bucket, f.dir, err)
	}
	return root, nil
}

// validKey refuses keys that are not a plain relative path. os.Root would
// refuse most of them anyway, but with an error about paths; S3 users
// should hear about keys.
func validKey(key string) error {
	if key == "" {
		return fmt.Errorf("%w: the key is empty", itemreader.ErrInvalidKey)
	}
	if strings.HasPrefix(key, "/") {
		return fmt.Errorf("%w %q: a key in a local folder bucket cannot start with \"/\"", itemreader.ErrInvalidKey, key)
	}
	if strings.ContainsAny(key, "\\\x00") {
		return fmt.Errorf("%w %q: a key in a local folder bucket cannot contain \"\\\" or NUL", itemreader.ErrInvalidKey, key)
	}
	for seg := range strings.SplitSeq(key, "/") {
		if seg == "." || seg == ".." {
			return fmt.Errorf("%w %q: a key in a local folder bucket cannot have %q segments", itemreader.ErrInvalidKey, key, seg)
		}
	}
	return nil
}

// missing reports errors that mean "no file at this key": a path part that
// does not exist, or one that is a file where the key needs a folder.
func missing(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// GetObject opens the file at key.
func (f folderBucket) GetObject(ctx context.Context, bucket, key string) (io.ReadCloser, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := validKey(key); err != nil {
		return nil, err
	}
	root, err := f.open(bucket)
	if err != nil {
		return nil, err
	}
	defer root.Close() // an open file outlives its root
	file, err := root.Open(key)
	if err != nil {
		if missing(err) {
			return nil, fmt.Errorf("%w (bucket %q, key %q)", itemreader.ErrNoSuchKey, bucket, key)
		}
		return nil, fmt.Errorf("reading key %q of bucket %q (folder %s): %w", key, bucket, f.dir, err)
	}
	if st, err := file.Stat(); err != nil || st.IsDir() {
		file.Close()
		// A folder is not an object, as in S3 a common prefix is not.
		return nil, fmt.Errorf("%w (bucket %q, key %q is a folder)", itemreader.ErrNoSuchKey, bucket, key)
	}
	return file, nil
}

// ListObjects walks the folder depth first. Visiting each folder's entries
// sorted by their key text, with a folder's text being its name plus "/",
// yields keys in global byte order without collecting them all: every key
// under folder "a" starts with "a/", so it sorts exactly where "a/" does.
func (f folderBucket) ListObjects(ctx context.Context, bucket, prefix string, fn func(itemreader.Object) error) error {
	root, err := f.open(bucket)
	if err != nil {
		return err
	}
	defer root.Close()
	w := walker{ctx: ctx, fsys: root.FS(), prefix: prefix, fn: fn}
	top, err := fs.Stat(w.fsys, ".")
	if err != nil {
		return fmt.Errorf("listing bucket %q (folder %s): %w", bucket, f.dir, err)
	}
	return w.walk(".", "", []fs.FileInfo{top})
}

type walker struct {
	ctx    context.Context
	fsys   fs.FS
	prefix string
	fn     func(itemreader.Object) error
}

type entry struct {
	name string // file name in its folder
	key  string // full key; folders end in "/"
	info fs.FileInfo
}

// walk lists folder dir, whose key text is keyDir ("" or ending in "/").
// ancestors are the folders being walked, so that a symbolic link back to
// one of them is not followed round forever.
func (w walker) walk(dir, keyDir string, ancestors []fs.FileInfo) error {
	des, err := fs.ReadDir(w.fsys, dir)
	if err != nil {
		return err
	}
	entries := make([]entry, 0, len(des))
	for _, de := range des {
		p := path.Join(dir, de.Name())
		// Stat, not the entry's own type, so that links are followed; it
		// fails for links out of the folder, which are skipped as
		// unreadable (S3 would not list what cannot be read).
		info, err := fs.Stat(w.fsys, p)
		if err != nil {
			continue
		}
		e := entry{name: de.Name(), key: keyDir + de.Name(), info: info}
		if info.IsDir() {
			e.key += "/"
		} else if !info.Mode().IsRegular() {
			continue // sockets, devices, pipes: not objects
		}
		entries = append(entries, e)
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.key, b.key) })
	for _, e := range entries {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		p := path.Join(dir, e.name)
		if e.info.IsDir() {
			// Only folders that can hold a key with the prefix are worth
			// reading: those inside it, or on the way to it.
			if !strings.HasPrefix(e.key, w.prefix) && !strings.HasPrefix(w.prefix, e.key) {
				continue
			}
			if slices.ContainsFunc(ancestors, func(a fs.FileInfo) bool { return os.SameFile(a, e.info) }) {
				continue
			}
			if err := w.walk(p, e.key, append(ancestors, e.info)); err != nil {
				return err
			}
			continue
		}
		if !strings.HasPrefix(e.key, w.prefix) {
			continue
		}
		obj, err := w.object(p, e.key)
		if err != nil {
			continue // removed or made unreadable since ReadDir
		}
		if err := w.fn(obj); err != nil {
			return err
		}
	}
	return nil
}

// object describes one file as S3 would: its ETag is the quoted MD5 of the
// content, which is what S3 gives for an object uploaded in one piece.
func (w walker) object(p, key string) (itemreader.Object, error) {
	file, err := w.fsys.Open(p)
	if err != nil {
		return itemreader.Object{}, err
	}
	defer file.Close()
	st, err := file.Stat()
	if err != nil {
		return itemreader.Object{}, err
	}
	h := md5.New()
	if _, err := io.Copy(h, file); err != nil {
		return itemreader.Object{}, err
	}
	return itemreader.Object{
		Key:          key,
		ETag:         `"` + hex.EncodeToString(h.Sum(nil)) + `"`,
		LastModified: st.ModTime(),
		Size:         st.Size(),
		StorageClass: "STANDARD",
	}, nil
}

// PutObject writes body at key, creating the folders the key names. The
// body is written to a temporary file beside the target and renamed over
// it: S3 replaces an object atomically, so a reader must see the old
// content or the new, never a partial file.
func (f folderBucket) PutObject(ctx context.Context, bucket, key string, body []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := validKey(key); err != nil {
		return err
	}
	if strings.HasSuffix(key, "/") {
		// S3 would store an empty "folder marker" object, but here the key
		// would be a folder, which cannot be read back as an object.
		return fmt.Errorf("%w %q: a key ending in \"/\" names a folder; add a file name after it", itemreader.ErrInvalidKey, key)
	}
	root, err := f.open(bucket)
	if err != nil {
		return err
	}
	defer root.Close()
	fail := func(err error) error {
		return fmt.Errorf("writing key %q of bucket %q (folder %s): %w", key, bucket, f.dir, err)
	}
	dir, name := path.Split(key)
	if dir != "" {
		if err := root.MkdirAll(dir, 0o755); err != nil {
			return fail(err)
		}
	}
	var rnd [8]byte
	_, _ = rand.Read(rnd[:]) // never fails since Go 1.24
	// Unique per call, so concurrent writers of one key do not share it.
	tmp := dir + ".sfnsim-tmp-" + hex.EncodeToString(rnd[:]) + "-" + name
	file, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fail(err)
	}
	_, werr := file.Write(body)
	if cerr := file.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = root.Rename(tmp, key)
	}
	if werr != nil {
		return errors.Join(fail(werr), root.Remove(tmp))
	}
	return nil
}
