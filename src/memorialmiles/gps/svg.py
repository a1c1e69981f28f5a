def course_svg(track, **kw):
    raise NotImplementedError


def elevation_svg(track, **kw):
    raise NotImplementedError
