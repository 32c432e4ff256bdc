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
// the SDK's (its dial and TLS timeouts, proxy settings, and redirects
// returned to the SDK rather than followed).
func HTTPClient() *http.Client {
	t := awshttp.NewBuildableClient().GetTransport()
	t.MaxIdleConns = engine.MaxChildren
	t.MaxIdleConnsPerHost = engine.MaxChildren
	return &http.Client{
		Transport: t,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}
