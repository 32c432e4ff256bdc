package cost

import (
	_ "embed"
	"sync"
)

// embeddedTable is the dated price table shipped with sfnsim; see
// prices/aws.json. It is embedded so that estimates work offline and are
// reproducible for a given sfnsim version.
//
//go:embed prices/aws.json
var embeddedTable []byte

// embedded parses the shipped table once. A broken table is a build defect,
// caught by the tests, so the error is kept for LoadPrices to return.
var embedded = sync.OnceValues(func() (any, error) {
	return parseJSON(embeddedTable)
})
