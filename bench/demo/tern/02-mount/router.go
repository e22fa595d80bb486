// Package tern is a small HTTP router: static segments, named parameters
// ({id}) and catch-alls ({path...}), matched most specific first.
package tern

import (
	"net/http"
	"path"
	"strings"
)

// Middleware wraps a handler. Middleware registered first runs outermost.
type Middleware func(http.Handler) http.Handler

// Router dispatches requests to the handler registered for the method and
// path. The zero value is not usable; create one with New.
type Router struct {
	trees      map[string]*node
	prefix     string
	middleware []Middleware
	routes     []Route
	mounts     []mount
	skipClean  bool
	notFound   http.Handler
}

// Route describes one registered route.
type Route struct {
	Method  string
	Pattern string
}

// Option configures a Router.
type Option func(*Router)

// SkipClean makes the router match the request path as sent, without
// path.Clean. Matching is slightly faster; "//" and ".." are then matched
// literally.
func SkipClean(skip bool) Option {
	return func(r *Router) { r.skipClean = skip }
}

// NotFound sets the handler for requests that match no route.
func NotFound(h http.Handler) Option {
	return func(r *Router) { r.notFound = h }
}

// New returns an empty router.
func New(opts ...Option) *Router {
	r := &Router{
		trees:    make(map[string]*node),
		notFound: http.NotFoundHandler(),
	}
	for _, o := range opts {
		o(r)
	}
	return r
}

// Use appends middleware that runs for every route of the router.
func (r *Router) Use(mw ...Middleware) {
	r.middleware = append(r.middleware, mw...)
}

// Handle registers h for method and pattern. It panics when the pattern is
// invalid or already registered for the method.
func (r *Router) Handle(method, pattern string, h http.Handler) {
	if !strings.HasPrefix(pattern, "/") {
		panic("tern: pattern must start with '/': " + pattern)
	}
	if r.prefix != "" {
		r.handleGrouped(method, pattern, h)
		return
	}
	root := r.trees[method]
	if root == nil {
		root = &node{}
		r.trees[method] = root
	}
	if existing := root.insert(pattern, h); existing != nil {
		panic("tern: duplicate route " + method + " " + pattern)
	}
	r.routes = append(r.routes, Route{Method: method, Pattern: pattern})
}

// HandleFunc registers a handler function.
func (r *Router) HandleFunc(method, pattern string, f http.HandlerFunc) {
	r.Handle(method, pattern, f)
}

// Get registers f for GET requests.
func (r *Router) Get(pattern string, f http.HandlerFunc) {
	r.Handle(http.MethodGet, pattern, f)
}

// Post registers f for POST requests.
func (r *Router) Post(pattern string, f http.HandlerFunc) {
	r.Handle(http.MethodPost, pattern, f)
}

// ServeHTTP dispatches the request.
func (r *Router) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if len(r.mounts) > 0 && r.serveMounted(w, req) {
		return
	}
	p := req.URL.EscapedPath()
	if !r.skipClean {
		p = cleanPath(p)
	}
	root := r.trees[req.Method]
	if root == nil {
		r.notFound.ServeHTTP(w, req)
		return
	}
	n, ps := root.match(p)
	if n == nil {
		r.notFound.ServeHTTP(w, req)
		return
	}
	// Group routes carry the middleware of their group; root routes use the
	// router's.
	mws := r.middleware
	if n.mw != nil {
		mws = n.mw
	}
	h := n.h
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	h.ServeHTTP(w, withParams(req, ps))
}

// Routes returns the registered routes in registration order.
func (r *Router) Routes() []Route {
	return r.routes
}

// cleanPath is path.Clean that keeps a trailing slash.
func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	c := path.Clean(p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	return c
}
