// placeholder, replaced by the site-wide worker
