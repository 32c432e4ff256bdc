// Package examples holds the founding example of sfnsim, embedded so that
// `sfnsim simulate` and `sfnsim cost` run with no arguments on a fresh
// clone: a Distributed Map over an S3-inventory-style CSV manifest, 1,000
// EXPRESS children at a time, each calling a Lambda transform retried on
// Lambda.TooManyRequestsException and caught into a RecordFailure state,
// tolerating 5% failed items and writing its results to S3.
package examples

import _ "embed"

// DefinitionPath is the example's path in the repository, for messages.
const DefinitionPath = "examples/s3-inventory-transform.asl.json"

// Definition is the state machine.
//
//go:embed s3-inventory-transform.asl.json
var Definition []byte

// ManifestPath is the sample manifest's path in the repository.
const ManifestPath = "examples/sample-manifest.csv"

// Manifest is a sample of the CSV manifest the example reads: 1,000
// synthetic rows (Bucket, Key, Size, LastModifiedDate, ETag,
// StorageClass) with log-normal object sizes around 250 KB, generated with
// a fixed seed.
//
//go:embed sample-manifest.csv
var Manifest []byte
