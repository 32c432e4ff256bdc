package itemreader

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// inventoryManifest is the part of an S3 Inventory manifest.json the reader
// uses (§4.4).
type inventoryManifest struct {
	DestinationBucket string `json:"destinationBucket"`
	FileFormat        string `json:"fileFormat"`
	FileSchema        string `json:"fileSchema"`
	Files             []struct {
		Key string `json:"key"`
	} `json:"files"`
}

// maxManifestBytes bounds manifest.json, which lists files, not items.
const maxManifestBytes = 16 << 20

// openInventory reads manifest.json, then each data file (CSV, gzip by
// extension, no header row) in the listed order; a row's fields are keyed by
// the fileSchema names, all strings. Data files are read from the
// manifest's destinationBucket (an ARN or a name), or from the manifest's own
// bucket when that is absent.
func openInventory(ctx context.Context, store ObjectStore, cfg Config) (Iterator, error) {
	rc, err := store.GetObject(ctx, cfg.Bucket, cfg.Key)
	if err != nil {
		return nil, storeFailed(err, cfg.Bucket, cfg.Key)
	}
	data, err := io.ReadAll(io.LimitReader(rc, maxManifestBytes+1))
	rc.Close()
	if err != nil {
		return nil, readFailed(err)
	}
	if len(data) > maxManifestBytes {
		return nil, itemReaderFailed("The inventory manifest is too large.")
	}
	var m inventoryManifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, itemReaderFailed("The inventory manifest is not valid JSON: " + err.Error())
	}
	if m.FileFormat != "CSV" {
		// IR: "The S3 inventory report format must be CSV."
		return nil, itemReaderFailed(fmt.Sprintf("The inventory file format is %q; only CSV is supported.", m.FileFormat))
	}
	var schema []string
	for _, f := range strings.Split(m.FileSchema, ",") {
		schema = append(schema, strings.TrimSpace(f))
	}
	if m.FileSchema == "" {
		return nil, itemReaderFailed("The inventory manifest has no fileSchema.")
	}
	bucket := cfg.Bucket
	if m.DestinationBucket != "" {
		bucket = m.DestinationBucket[strings.LastIndex(m.DestinationBucket, ":")+1:]
	}
	keys := make([]string, len(m.Files))
	for i, f := range m.Files {
		keys[i] = f.Key
	}
	return &inventory{ctx: ctx, store: store, bucket: bucket, keys: keys, schema: schema}, nil
}

type inventory struct {
	ctx    context.Context
	store  ObjectStore
	bucket string
	keys   []string
	schema []string
	cur    Iterator
}

func (v *inventory) Next() (any, error) {
	for {
		if v.cur != nil {
			item, err := v.cur.Next()
			if err != io.EOF {
				return item, err
			}
			v.cur.Close()
			v.cur = nil
		}
		if len(v.keys) == 0 {
			return nil, io.EOF
		}
		key := v.keys[0]
		v.keys = v.keys[1:]
		cfg := Config{InputType: "CSV", CSVHeaderLocation: "GIVEN", CSVHeaders: v.schema}
		cur, err := openObject(v.ctx, v.store, cfg, v.bucket, key)
		if err != nil {
			return nil, err
		}
		v.cur = cur
	}
}

func (v *inventory) Close() error {
	if v.cur != nil {
		return v.cur.Close()
	}
	return nil
}
