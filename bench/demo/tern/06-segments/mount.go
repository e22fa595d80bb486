package tern

import (
	"net/http"
	"strings"
)

// hasSegmentPrefix reports whether the path p starts with prefix on a
// segment boundary: p is the prefix, or continues it with "/". Repeated
// slashes after the prefix count as one.
func hasSegmentPrefix(p, prefix string) bool {
	if !strings.HasPrefix(p, prefix) {
		return false
	}
	rest := p[len(prefix):]
	for strings.HasPrefix(rest, "//") {
		rest = rest[1:]
	}
	return rest == "" || rest[0] == '/'
}

// mount is a handler attached under a path prefix.
type mount struct {
	prefix  string
	handler http.Handler
}

// serveMounted serves req through the first mount whose prefix matches and
// reports whether one did. The mounted handler gets a copy of the request.
func (r *Router) serveMounted(w http.ResponseWriter, req *http.Request) bool {
	for _, m := range r.mounts {
		if !hasSegmentPrefix(req.URL.Path, m.prefix) {
			continue
		}
		u := *req.URL
		u.Path = strings.TrimPrefix(u.Path, m.prefix)
		r2 := req.Clone(req.Context())
		r2.URL = &u
		if r2.URL.Path == "" {
			r2.URL.Path = "/"
		}
		m.handler.ServeHTTP(w, r2)
		return true
	}
	return false
}

// Mount attaches h under prefix: a request for prefix+"/x" reaches h with
// the path "/x". Mounts are tried in order before the router's own routes.
func (r *Router) Mount(prefix string, h http.Handler) {
	r.mounts = append(r.mounts, mount{prefix: strings.TrimSuffix(prefix, "/"), handler: h})
}
