package simulate

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/sfnsim/sfnsim/asl/payload"
	"github.com/sfnsim/sfnsim/engine/itemreader"
)

// manifestStore serves the ItemReader from a local stand-in for S3: a
// file stands for the object the reader names (whatever its bucket and
// key), a folder for the bucket (keys are paths under it). Keys cannot leave the
// folder (os.Root refuses "..", absolute paths and symbolic links out).
type manifestStore struct {
	path  string
	data  []byte // an embedded manifest, when path is ""
	isDir bool
}

func newManifestStore(path string) (*manifestStore, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("--manifest %s: %w (give a file standing for the S3 object, or a folder standing for the bucket or prefix)", path, err)
	}
	return &manifestStore{path: path, isDir: fi.IsDir()}, nil
}

func (m *manifestStore) GetObject(_ context.Context, bucket, key string) (io.ReadCloser, error) {
	if m.data != nil {
		return io.NopCloser(bytes.NewReader(m.data)), nil
	}
	if !m.isDir {
		return os.Open(m.path)
	}
	// A folder is the bucket: the key is a path under it.
	root, err := os.OpenRoot(m.path)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	f, err := root.Open(filepath.FromSlash(key))
	if err != nil {
		return nil, fmt.Errorf("s3://%s/%s: %w: %w", bucket, key, itemreader.ErrNoSuchKey, err)
	}
	return f, nil
}

// ListObjects lists the folder's files whose keys (paths under the folder)
// start with prefix, in S3's order; a file manifest lists itself.
func (m *manifestStore) ListObjects(_ context.Context, bucket, prefix string, fn func(itemreader.Object) error) error {
	if !m.isDir {
		size := int64(len(m.data))
		name := "manifest"
		if m.data == nil {
			fi, err := os.Stat(m.path)
			if err != nil {
				return err
			}
			size, name = fi.Size(), filepath.Base(m.path)
		}
		return fn(itemreader.Object{Key: prefix + name, Size: size, StorageClass: "STANDARD", ETag: `""`})
	}
	var objects []itemreader.Object
	err := filepath.WalkDir(m.path, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(m.path, p)
		if err != nil {
			return err
		}
		key := filepath.ToSlash(rel)
		if !strings.HasPrefix(key, prefix) {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		objects = append(objects, itemreader.Object{Key: key, Size: fi.Size(), LastModified: fi.ModTime().UTC().Truncate(time.Second),
			StorageClass: "STANDARD", ETag: `""`})
		return nil
	})
	if err != nil {
		return err
	}
	sort.Slice(objects, func(i, j int) bool { return objects[i].Key < objects[j].Key })
	for _, o := range objects {
		if err := fn(o); err != nil {
			return err
		}
	}
	return nil
}

// MaxSample bounds the items kept to resample from: a sample larger than
// this is reduced by reservoir sampling, so memory stays flat.
const MaxSample = 100_000

// resampler projects a sample of items to n items, drawn uniformly with
// replacement from a seeded generator: streaming, so memory does not grow
// with n. It knows its total (the tolerated failure percentage is judged
// on it) and can skip an item without decoding it.
type resampler struct {
	sample []any
	n, i   int64
	rnd    *rand.Rand
}

func newResampler(src itemreader.Iterator, n int64, seed uint64) (itemreader.Iterator, error) {
	defer src.Close()
	rnd := rand.New(rand.NewPCG(seed, 0x5eed))
	var sample []any
	seen := 0
	for {
		item, err := src.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		seen++
		if len(sample) < MaxSample {
			sample = append(sample, item)
		} else if j := rnd.IntN(seen); j < MaxSample {
			sample[j] = item
		}
	}
	if len(sample) == 0 && n > 0 {
		return nil, fmt.Errorf("--items %d: the sample has no items to resample from", n)
	}
	r := &resampler{sample: sample, n: n, rnd: rnd}
	for _, item := range sample {
		if payload.Size(item) > payload.MaxPayloadBytes {
			// Children must see such items to fail on them as AWS would:
			// no skipping past them undecoded.
			return r, nil
		}
	}
	return skippingResampler{r}, nil
}

// skippingResampler lets a control-only Map Run draw items without
// looking at them: the sample holds none over the payload limit.
type skippingResampler struct{ *resampler }

func (r skippingResampler) Skip() error {
	if r.i >= r.n {
		return io.EOF
	}
	r.i++
	r.rnd.IntN(len(r.sample)) // the same draws as Next, so a seed gives the same run either way
	return nil
}

func (r *resampler) Next() (any, error) {
	if r.i >= r.n {
		return nil, io.EOF
	}
	r.i++
	return r.sample[r.rnd.IntN(len(r.sample))], nil
}

func (r *resampler) Close() error { return nil }
func (r *resampler) Total() int64 { return r.n }

// countFirst reads up to MaxSample items ahead so that a sample's total is
// known from the start (the engine then judges the tolerated failure
// percentage against it at every failure, rather than once the reader is
// done). A larger source streams on, its total learnt at its end.
func countFirst(src itemreader.Iterator) itemreader.Iterator {
	b := &buffered{src: src}
	for len(b.items) < MaxSample {
		item, err := src.Next()
		if err != nil {
			b.err = err
			break
		}
		b.items = append(b.items, item)
	}
	if b.err == io.EOF {
		return &counted{buffered: b}
	}
	return b
}

// buffered yields the items read ahead, then the error that stopped the
// read-ahead (io.EOF at the end, or a reader failure the definition may
// catch), then the rest of the source.
type buffered struct {
	src   itemreader.Iterator
	items []any
	i     int
	err   error
}

func (b *buffered) Next() (any, error) {
	if b.i < len(b.items) {
		b.i++
		item := b.items[b.i-1]
		b.items[b.i-1] = nil
		return item, nil
	}
	if b.err != nil {
		return nil, b.err
	}
	return b.src.Next()
}

func (b *buffered) Close() error { return b.src.Close() }

// counted is a source read to its end: it knows its total.
type counted struct{ *buffered }

func (c *counted) Total() int64 { return int64(len(c.items)) }
