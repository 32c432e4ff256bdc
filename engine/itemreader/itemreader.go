// Package itemreader turns the item sources of a Distributed Map's ItemReader
// (distributed-map spec §1.2, §4) into a stream of items: CSV and other
// delimited text, JSON arrays, JSON Lines, S3 listings (plain or
// LOAD_AND_FLATTEN) and S3 inventory manifests, read through an ObjectStore.
//
// Readers stream: memory depends on the largest item, not on the number of
// items, so a million-row file costs what one row costs. Items are the values
// encoding/json produces with UseNumber (map[string]any, []any, json.Number,
// string, bool, nil). Every failure is an *asl.StatesError named
// States.ItemReaderFailed, with AWS's cause text where a recording gives it.
//
// Use:
//
//	cfg, err := itemreader.ParseConfig(readerNode, resolvedArgs)
//	cfg.MaxItems = n // when it came from MaxItemsPath or JSONata
//	it, err := itemreader.Open(ctx, store, cfg)
//	defer it.Close()
//	for {
//		item, err := it.Next()
//		if err == io.EOF { break }
//		if err != nil { return err } // *asl.StatesError
//		...
//	}
package itemreader

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/sfnsim/sfnsim/asl"
)

// Iterator yields items one at a time. Next returns io.EOF after the last
// item; any other error is an *asl.StatesError (States.ItemReaderFailed) and
// ends the iteration. Close releases the open object; call it always.
type Iterator interface {
	Next() (any, error)
	Close() error
}

// The two ItemReader resources (§1.2).
const (
	ResourceGetObject     = "arn:aws:states:::s3:getObject"
	ResourceListObjectsV2 = "arn:aws:states:::s3:listObjectsV2"
)

// Config is an ItemReader with its Parameters/Arguments resolved.
type Config struct {
	Resource string // ResourceGetObject or ResourceListObjectsV2 (any partition)
	Bucket   string
	Key      string // getObject
	Prefix   string // listObjectsV2

	InputType         string // CSV, JSON, JSONL, MANIFEST; "" for a plain listing
	Transformation    string // NONE (default) or LOAD_AND_FLATTEN
	ManifestType      string // S3_INVENTORY; ATHENA_DATA is not supported
	CSVHeaderLocation string // FIRST_ROW (default) or GIVEN
	CSVHeaders        []string
	CSVDelimiter      string // COMMA (default), PIPE, SEMICOLON, SPACE, TAB
	ItemsPointer      string // RFC 6901, JSON only
	MaxItems          int64  // 0 = no limit
}

// ParseConfig reads an ItemReader object. args holds its Parameters or
// Arguments after evaluation (Bucket, Key, Prefix). A static integer MaxItems
// is taken from ReaderConfig; the caller sets Config.MaxItems itself when it
// came from MaxItemsPath or a JSONata expression.
func ParseConfig(reader *asl.Node, args map[string]any) (Config, error) {
	var c Config
	c.Resource = reader.GetString("Resource")
	c.Bucket, _ = args["Bucket"].(string)
	c.Key, _ = args["Key"].(string)
	c.Prefix, _ = args["Prefix"].(string)
	rc := reader.Get("ReaderConfig")
	c.InputType = rc.GetString("InputType")
	c.Transformation = rc.GetString("Transformation")
	c.ManifestType = rc.GetString("ManifestType")
	c.CSVHeaderLocation = rc.GetString("CSVHeaderLocation")
	c.CSVDelimiter = rc.GetString("CSVDelimiter")
	c.ItemsPointer = rc.GetString("ItemsPointer")
	if h := rc.Get("CSVHeaders"); h != nil {
		if h.Kind != asl.Array {
			return c, itemReaderFailed("CSVHeaders must be an array of strings.")
		}
		c.CSVHeaders = []string{}
		for _, e := range h.Elems {
			s, ok := e.StringValue()
			if !ok {
				return c, itemReaderFailed("CSVHeaders must be an array of strings.")
			}
			c.CSVHeaders = append(c.CSVHeaders, s)
		}
	}
	if m := rc.Get("MaxItems"); m != nil && m.Kind == asl.Number {
		n, ok := m.Int()
		if !ok {
			return c, itemReaderFailed("field MaxItems must be an integer")
		}
		c.MaxItems = n
	}
	return c, nil
}

// Open starts reading the items cfg describes.
func Open(ctx context.Context, store ObjectStore, cfg Config) (Iterator, error) {
	if cfg.MaxItems < 0 {
		// Recorded for MaxItemsPath → -1 (OBS 2024-03).
		return nil, itemReaderFailed("field MaxItems must be positive")
	}
	var (
		it  Iterator
		err error
	)
	switch {
	case strings.HasSuffix(cfg.Resource, ":s3:listObjectsV2"):
		it, err = openListing(ctx, store, cfg)
	case strings.HasSuffix(cfg.Resource, ":s3:getObject"):
		if cfg.ManifestType == "S3_INVENTORY" || cfg.InputType == "MANIFEST" {
			it, err = openInventory(ctx, store, cfg)
		} else {
			it, err = openObject(ctx, store, cfg, cfg.Bucket, cfg.Key)
		}
	default:
		err = itemReaderFailed(fmt.Sprintf("ItemReader resource %q is not supported.", cfg.Resource))
	}
	if err != nil {
		return nil, err
	}
	if cfg.MaxItems > 0 {
		it = &limited{Iterator: it, left: cfg.MaxItems}
	}
	return it, nil
}

// openObject opens one object and parses it as cfg.InputType.
func openObject(ctx context.Context, store ObjectStore, cfg Config, bucket, key string) (Iterator, error) {
	rc, err := store.GetObject(ctx, bucket, key)
	if err != nil {
		return nil, storeFailed(err, bucket, key)
	}
	r, err := decompress(rc, key)
	if err != nil {
		rc.Close()
		return nil, err
	}
	var n nexter
	switch cfg.InputType {
	case "CSV":
		n, err = openCSV(r, cfg.CSVDelimiter, cfg.CSVHeaderLocation, cfg.CSVHeaders)
	case "JSON":
		n, err = newJSONReader(r, cfg.ItemsPointer)
	case "JSONL":
		n = newJSONLReader(r)
	case "PARQUET":
		err = itemReaderFailed("InputType PARQUET is not supported by this simulator.")
	default:
		err = itemReaderFailed(fmt.Sprintf("InputType %q cannot be read from an object.", cfg.InputType))
	}
	if err != nil {
		rc.Close()
		return nil, err
	}
	return &objectIter{n: n, closer: rc}, nil
}

func openCSV(r io.Reader, delimName, location string, given []string) (*csvReader, error) {
	delim := byte(',')
	if delimName != "" {
		d, ok := csvDelimiters[delimName]
		if !ok {
			return nil, itemReaderFailed(fmt.Sprintf("CSVDelimiter %q is not one of COMMA, PIPE, SEMICOLON, SPACE, TAB.", delimName))
		}
		delim = d
	}
	var headers []string
	switch location {
	case "", "FIRST_ROW":
	case "GIVEN":
		if len(given) == 0 {
			return nil, itemReaderFailed("CSVHeaders must be given when CSVHeaderLocation is GIVEN.")
		}
		headers = given
	default:
		return nil, itemReaderFailed(fmt.Sprintf("CSVHeaderLocation %q is not FIRST_ROW or GIVEN.", location))
	}
	return newCSVReader(r, delim, headers)
}

// decompress unwraps gzip by the key's extension, as AWS does (§1.2).
func decompress(r io.Reader, key string) (io.Reader, error) {
	lower := strings.ToLower(key)
	switch {
	case strings.HasSuffix(lower, ".gz"), strings.HasSuffix(lower, ".gzip"):
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, itemReaderFailed(fmt.Sprintf("Object %q is not valid gzip: %v", key, err))
		}
		return &gzipReader{zr}, nil
	case strings.HasSuffix(lower, ".zst"), strings.HasSuffix(lower, ".zstd"):
		return nil, itemReaderFailed(fmt.Sprintf("Object %q is ZSTD-compressed, which this simulator does not read.", key))
	}
	return r, nil
}

// gzipReader reports corrupt gzip data as a reader failure.
type gzipReader struct{ zr *gzip.Reader }

func (g *gzipReader) Read(p []byte) (int, error) {
	n, err := g.zr.Read(p)
	if err != nil && err != io.EOF {
		err = itemReaderFailed("The gzip data is corrupt: " + err.Error())
	}
	return n, err
}

type nexter interface{ Next() (any, error) }

type objectIter struct {
	n      nexter
	closer io.Closer
}

func (o *objectIter) Next() (any, error) { return o.n.Next() }
func (o *objectIter) Close() error       { return o.closer.Close() }

// limited stops after MaxItems items.
type limited struct {
	Iterator
	left int64
}

func (l *limited) Next() (any, error) {
	if l.left <= 0 {
		return nil, io.EOF
	}
	v, err := l.Iterator.Next()
	if err == nil {
		l.left--
	}
	return v, err
}

func itemReaderFailed(cause string) *asl.StatesError {
	return &asl.StatesError{Name: asl.ErrItemReaderFailed, Cause: cause}
}

// readFailed wraps an I/O error met while reading an object.
func readFailed(err error) error {
	var se *asl.StatesError
	if errors.As(err, &se) {
		return se
	}
	return itemReaderFailed("Failed to read the object: " + err.Error())
}

// storeFailed wraps a GetObject/ListObjects error with S3's wording.
func storeFailed(err error, bucket, key string) error {
	var se *asl.StatesError
	switch {
	case errors.As(err, &se):
		return se
	case errors.Is(err, ErrNoSuchKey):
		return itemReaderFailed(fmt.Sprintf("The specified key does not exist. (Bucket: %s, Key: %s)", bucket, key))
	case errors.Is(err, ErrNoSuchBucket):
		return itemReaderFailed(fmt.Sprintf("The specified bucket does not exist. (Bucket: %s)", bucket))
	}
	return itemReaderFailed(err.Error())
}
