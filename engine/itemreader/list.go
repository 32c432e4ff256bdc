package itemreader

import (
	"context"
	"encoding/json"
	"io"
	"iter"
	"strconv"
	"strings"
)

// listing pulls objects from ObjectStore.ListObjects one at a time (the store
// pushes them to a callback; iter.Pull turns that into a pull without holding
// the listing in memory).
type listing struct {
	next func() (Object, error, bool)
	stop func()
}

func newListing(ctx context.Context, store ObjectStore, bucket, prefix string) *listing {
	seq := func(yield func(Object, error) bool) {
		err := store.ListObjects(ctx, bucket, prefix, func(o Object) error {
			if !yield(o, nil) {
				return errStopped
			}
			return nil
		})
		if err != nil && err != errStopped {
			yield(Object{}, storeFailed(err, bucket, prefix))
		}
	}
	next, stop := iter.Pull2(iter.Seq2[Object, error](seq))
	return &listing{next: next, stop: stop}
}

type stopped struct{}

func (stopped) Error() string { return "listing stopped" }

var errStopped error = stopped{}

// nextObject returns the next object, io.EOF at the end.
func (l *listing) nextObject() (Object, error) {
	o, err, ok := l.next()
	if !ok {
		return Object{}, io.EOF
	}
	return o, err
}

// listItems yields one item per listed object (§4.3):
// {"Etag": "\"…\"", "Key": …, "LastModified": <epoch seconds>, "Size": …,
// "StorageClass": …}. Folder placeholder objects are items too, as on AWS.
type listItems struct{ l *listing }

func (li *listItems) Next() (any, error) {
	o, err := li.l.nextObject()
	if err != nil {
		return nil, err
	}
	return ObjectItem(o), nil
}

func (li *listItems) Close() error { li.l.stop(); return nil }

// ObjectItem is the item a plain listObjectsV2 reader gives for o.
func ObjectItem(o Object) map[string]any {
	return map[string]any{
		"Etag":         o.ETag,
		"Key":          o.Key,
		"LastModified": json.Number(strconv.FormatInt(o.LastModified.Unix(), 10)),
		"Size":         json.Number(strconv.FormatInt(o.Size, 10)),
		"StorageClass": o.StorageClass,
	}
}

// flatten reads every listed object as cfg.InputType (LOAD_AND_FLATTEN) and
// yields their items in listing order. Keys ending in "/" (folder
// placeholders) hold no records and are passed over (unverified on AWS).
type flatten struct {
	ctx   context.Context
	store ObjectStore
	cfg   Config
	l     *listing
	cur   Iterator
}

func (f *flatten) Next() (any, error) {
	for {
		if f.cur != nil {
			v, err := f.cur.Next()
			if err != io.EOF {
				return v, err
			}
			f.cur.Close()
			f.cur = nil
		}
		o, err := f.l.nextObject()
		if err != nil {
			return nil, err
		}
		if strings.HasSuffix(o.Key, "/") {
			continue
		}
		f.cur, err = openObject(f.ctx, f.store, f.cfg, f.cfg.Bucket, o.Key)
		if err != nil {
			return nil, err
		}
	}
}

func (f *flatten) Close() error {
	if f.cur != nil {
		f.cur.Close()
	}
	f.l.stop()
	return nil
}

func openListing(ctx context.Context, store ObjectStore, cfg Config) (Iterator, error) {
	switch cfg.Transformation {
	case "", "NONE":
		if cfg.InputType != "" {
			return nil, itemReaderFailed("InputType needs Transformation LOAD_AND_FLATTEN with listObjectsV2.")
		}
		return &listItems{l: newListing(ctx, store, cfg.Bucket, cfg.Prefix)}, nil
	case "LOAD_AND_FLATTEN":
		switch cfg.InputType {
		case "CSV", "JSON", "JSONL", "PARQUET":
		default:
			return nil, itemReaderFailed("LOAD_AND_FLATTEN needs InputType CSV, JSON, JSONL or PARQUET.")
		}
		return &flatten{ctx: ctx, store: store, cfg: cfg, l: newListing(ctx, store, cfg.Bucket, cfg.Prefix)}, nil
	}
	return nil, itemReaderFailed("Transformation " + strconv.Quote(cfg.Transformation) + " is not NONE or LOAD_AND_FLATTEN.")
}
