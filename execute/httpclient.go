package execute

import (
	"net/http"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"

	"github.com/sfnsim/sfnsim/engine"
)

// HTTPClient is the HTTP client a run's AWS clients share. The SDK's
// default keeps 10 idle connections per host: with thousands of children
// calling one Lambda endpoint at once, every other call would open (and
// TLS-handshake) a connection of its own and leave it in TIME_WAIT. This
// one keeps as many as a Distributed Map runs children, and is otherwise
// the SDK's: a BuildableClient, so that the configuration can still add
// what it adds (AWS_CA_BUNDLE's certificates, timeouts).
func HTTPClient() *awshttp.BuildableClient {
	return awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) {
		t.MaxIdleConns = engine.MaxChildren
		t.MaxIdleConnsPerHost = engine.MaxChildren
	})
}
