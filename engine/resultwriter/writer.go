package resultwriter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/asl/payload"
)

// ObjectWriter is the part of S3 the writer needs. itemreader.DirStore
// implements it over a local folder.
type ObjectWriter interface {
	PutObject(ctx context.Context, bucket, key string, body []byte) error
}

// DefaultMaxFileBytes is where AWS starts a new result file: 5 GB (§3.7).
const DefaultMaxFileBytes = 5_000_000_000

// Writer files child executions into the result files of one Map Run. Add
// buffers records and writes a file as soon as it is full, so memory holds
// at most one file per category; Close writes the rest and the manifest.
// A Writer is not safe for concurrent use.
type Writer struct {
	// MaxFileBytes caps a file's size; a record that alone exceeds it still
	// gets a file of its own. Set it before the first Add.
	MaxFileBytes int64

	store  ObjectWriter
	cfg    Config
	arn    string
	base   string // "<prefix>/<mapRunID>/"
	cats   [numCats]fileSet
	closed bool
}

// fileSet is the files of one category: those written and the one filling.
type fileSet struct {
	written []any // manifest entries {"Key", "Size"}
	buf     []byte
	count   int // entries in buf
}

// New returns a Writer for the Map Run mapRunArn, whose last ARN part is
// mapRunID. cfg must be an export (cfg.Export).
func New(store ObjectWriter, cfg Config, mapRunArn, mapRunID string) *Writer {
	return &Writer{
		MaxFileBytes: DefaultMaxFileBytes,
		store:        store,
		cfg:          cfg,
		arn:          mapRunArn,
		base:         folder(cfg.Prefix, mapRunID),
	}
}

// folder is where a Map Run's files go. AWS adds the "/" a prefix lacks
// (third-party observation, §3.7), so "out" and "out/" give the same keys.
func folder(prefix, mapRunID string) string {
	if prefix != "" && prefix[len(prefix)-1] != '/' {
		prefix += "/"
	}
	return prefix + mapRunID + "/"
}

// Add files one child execution. It fails with a plain error for a record it
// cannot file, or with States.ResultWriterFailed when writing a full file
// fails.
func (w *Writer) Add(ctx context.Context, r *Record) error {
	if w.closed {
		return errors.New("resultwriter: Add after Close; add every record before closing")
	}
	if !w.cfg.Export {
		return errors.New("resultwriter: the ResultWriter does not export (no Resource/Parameters); use Transform")
	}
	if r == nil {
		return errors.New("resultwriter: nil record")
	}
	cat, err := category(r.Status)
	if err != nil {
		return err
	}
	for _, e := range r.entries(w.transformation()) {
		if err := w.append(ctx, cat, payload.Marshal(e)); err != nil {
			return err
		}
	}
	return nil
}

func (w *Writer) transformation() string {
	if w.cfg.Transformation == "" {
		return TransformNone // the export default (§1.4)
	}
	return w.cfg.Transformation
}

func (w *Writer) jsonl() bool { return w.cfg.OutputType == OutputJSONL }

// append adds one encoded entry to the filling file of cat, first writing
// that file out when the entry would push it past MaxFileBytes.
func (w *Writer) append(ctx context.Context, cat int, entry string) error {
	fs := &w.cats[cat]
	// The file's size once entry is in: JSON adds "," and the closing "]",
	// JSONL the entry's newline.
	extra := 2
	if w.jsonl() {
		extra = 1
	}
	if fs.count > 0 && int64(len(fs.buf)+len(entry)+extra) > w.MaxFileBytes {
		if err := w.flush(ctx, cat); err != nil {
			return err
		}
	}
	switch {
	case w.jsonl():
		fs.buf = append(fs.buf, entry...)
		fs.buf = append(fs.buf, '\n')
	case fs.count == 0:
		fs.buf = append(append(fs.buf, '['), entry...)
	default:
		fs.buf = append(append(fs.buf, ','), entry...)
	}
	fs.count++
	return nil
}

// flush writes the filling file of cat as <CATEGORY>_<n>.json.
func (w *Writer) flush(ctx context.Context, cat int) error {
	fs := &w.cats[cat]
	body := fs.buf
	if !w.jsonl() {
		body = append(body, ']')
	}
	key := w.base + catNames[cat] + "_" + strconv.Itoa(len(fs.written)) + ".json"
	if err := w.put(ctx, key, body); err != nil {
		return err
	}
	fs.written = append(fs.written, map[string]any{
		"Key":  key,
		"Size": json.Number(strconv.Itoa(len(body))),
	})
	fs.buf, fs.count = nil, 0
	return nil
}

func (w *Writer) put(ctx context.Context, key string, body []byte) error {
	if err := w.store.PutObject(ctx, w.cfg.Bucket, key, body); err != nil {
		return &asl.StatesError{
			Name:  asl.ErrResultWriterFailed,
			Cause: fmt.Sprintf("Failed to write the Map Run results to s3://%s/%s: %v", w.cfg.Bucket, key, err),
		}
	}
	return nil
}

// Close writes the files still filling and then manifest.json, and returns
// the Map's result: {"MapRunArn": …, "ResultWriterDetails": {"Bucket": …,
// "Key": ".../manifest.json"}} (§3.6). A category with no record gets no
// file and an empty list in the manifest. Close may be called once.
func (w *Writer) Close(ctx context.Context) (map[string]any, error) {
	if w.closed {
		return nil, errors.New("resultwriter: Close called twice")
	}
	if !w.cfg.Export {
		return nil, errors.New("resultwriter: the ResultWriter does not export (no Resource/Parameters); use Transform")
	}
	w.closed = true
	files := map[string]any{}
	for cat := range w.cats {
		if w.cats[cat].count > 0 {
			if err := w.flush(ctx, cat); err != nil {
				return nil, err
			}
		}
		list := w.cats[cat].written
		if list == nil {
			list = []any{} // [] in the manifest, not null
		}
		files[catNames[cat]] = list
	}
	manifest := map[string]any{
		"DestinationBucket": w.cfg.Bucket,
		"MapRunArn":         w.arn,
		"ResultFiles":       files,
	}
	key := w.base + "manifest.json"
	if err := w.put(ctx, key, []byte(payload.Marshal(manifest))); err != nil {
		return nil, err
	}
	return Result(w.cfg, w.arn, w.base), nil
}

// Result is the Map's result for an export: {"MapRunArn": …,
// "ResultWriterDetails": {"Bucket": …, "Key": ".../manifest.json"}}.
// folderOrID is the Map Run's id or the folder New derived from it.
func Result(cfg Config, mapRunArn, folderOrID string) map[string]any {
	base := folderOrID
	if !strings.HasSuffix(base, "/") {
		base = folder(cfg.Prefix, folderOrID)
	}
	return map[string]any{
		"MapRunArn": mapRunArn,
		"ResultWriterDetails": map[string]any{
			"Bucket": cfg.Bucket,
			"Key":    base + "manifest.json",
		},
	}
}

// Discard is a store that keeps nothing. Given it as the ResultWriter's
// store, the engine skips building and serialising the records of a Map
// Run altogether (a simulation counts the files instead).
var Discard ObjectWriter = discard{}

type discard struct{}

func (discard) PutObject(context.Context, string, string, []byte) error { return nil }
