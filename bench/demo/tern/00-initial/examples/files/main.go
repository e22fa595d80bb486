// Command files serves the files under ./public, with an index page at /.
package main

import (
	"log"
	"net/http"
	"path/filepath"

	"github.com/acme/tern"
)

func main() {
	r := tern.New(tern.SkipClean(true))
	r.Get("/", func(w http.ResponseWriter, req *http.Request) {
		http.ServeFile(w, req, "public/index.html")
	})
	// Static files: /static/css/site.css is public/css/site.css.
	r.Get("/static/{path...}", func(w http.ResponseWriter, req *http.Request) {
		http.ServeFile(w, req, filepath.Join("public", tern.Param(req, "path")))
	})
	log.Println("listening on :8080")
	log.Fatal(http.ListenAndServe(":8080", r))
}
