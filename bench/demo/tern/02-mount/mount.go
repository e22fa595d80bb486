package tern

import (
	"net/http"
	"strings"
)

// mount is a handler attached under a path prefix.
type mount struct {
	prefix  string
	handler http.Handler
}

// Mount attaches h under prefix: a request for prefix+"/x" reaches h with
// the path "/x". Mounts are tried in order before the router's own routes.
func (r *Router) Mount(prefix string, h http.Handler) {
	r.mounts = append(r.mounts, mount{prefix: strings.TrimSuffix(prefix, "/"), handler: h})
}

// serveMounted serves req through the first mount whose prefix matches and
// reports whether one did.
func (r *Router) serveMounted(w http.ResponseWriter, req *http.Request) bool {
	for _, m := range r.mounts {
		if strings.HasPrefix(req.URL.Path, m.prefix) {
			m.handler.ServeHTTP(w, stripPrefix(req, m.prefix))
			return true
		}
	}
	return false
}

// stripPrefix removes prefix from the request path.
func stripPrefix(req *http.Request, prefix string) *http.Request {
	req.URL.Path = strings.TrimPrefix(req.URL.Path, prefix)
	if req.URL.Path == "" {
		req.URL.Path = "/"
	}
	return req
}
