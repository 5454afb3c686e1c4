#version 430 core

// Sphere-traces a baked NeuralSdf network over a full-screen triangle and writes depth, so the host's own
// geometry and the neural surface occlude each other. Matrices come from System.Numerics (row vectors) and are
// uploaded untransposed, which makes them the usual column-vector matrices here: clip = u_modelToClip * p.

#include <nsdf_network>

uniform mat4 u_modelToClip;  // world * view * projection
uniform mat4 u_clipToModel;  // its inverse
uniform mat4 u_modelToView;  // world * view
uniform mat4 u_viewToModel;  // its inverse
uniform vec4 u_viewport;     // x, y, width, height in pixels (glViewport)
uniform int u_clipOriginUpperLeft; // glClipControl origin: 1 for GL_UPPER_LEFT (window y flipped)
uniform int u_clipDepthZeroToOne;  // glClipControl depth mode: 1 for GL_ZERO_TO_ONE (NDC depth 0..1)
uniform vec2 u_ndcRayZ;      // NDC depth of the near plane and of a point beyond it (reversed-Z: near is 1)
uniform int u_maxSteps;      // sphere-tracing steps before giving up
uniform float u_hitTolerance; // |distance| that counts as a hit, as a fraction of the bounds' diagonal

out vec4 fragColor;

const float kBoxMargin = 0.01; // bounds inflation, as a fraction of the diagonal

struct Ray
{
    vec3 origin;    // on the near plane, model space
    vec3 direction; // unit length, model space
};

// The ray through this pixel, in model space.
Ray cameraRay(vec2 fragCoord)
{
    vec2 ndc = 2.0 * (fragCoord - u_viewport.xy) / u_viewport.zw - 1.0;
    if (u_clipOriginUpperLeft != 0) ndc.y = -ndc.y;
    vec4 near = u_clipToModel * vec4(ndc, u_ndcRayZ.x, 1.0);
    vec4 middle = u_clipToModel * vec4(ndc, u_ndcRayZ.y, 1.0);
    vec3 origin = near.xyz / near.w;
    return Ray(origin, normalize(middle.xyz / middle.w - origin));
}

// Entry and exit distances of the ray through an axis-aligned box; entry > exit when it misses.
vec2 nsdf_intersectBox(vec3 origin, vec3 direction, vec3 boxMin, vec3 boxMax)
{
    vec3 safe = mix(vec3(1e-30), vec3(-1e-30), lessThan(direction, vec3(0.0)));
    vec3 inverse = 1.0 / (direction + safe);
    vec3 t0 = (boxMin - origin) * inverse;
    vec3 t1 = (boxMax - origin) * inverse;
    vec3 tMin = min(t0, t1);
    vec3 tMax = max(t0, t1);
    return vec2(max(max(tMin.x, tMin.y), tMin.z), min(min(tMax.x, tMax.y), tMax.z));
}

// Sphere tracing within span = (entry, exit); the distance along the ray to the surface, or -1.0 on a miss.
// A ray that starts inside the shape steps backwards out of the span and misses: the box clips the shape.
float traceRay(Ray ray, vec2 span, float epsilon)
{
    float t = span.x;
    for (int i = 0; i < u_maxSteps; ++i)
    {
        float d = nsdf_distance(ray.origin + ray.direction * t);
        if (abs(d) < epsilon) return t;
        t += d;
        if (t < span.x || t > span.y) break;
    }
    return -1.0;
}

// Clay-like material: key light from over the viewer's right shoulder, sky/ground ambient, a little rim.
// normal and toEye are unit vectors in view space.
vec3 shade(vec3 normal, vec3 toEye)
{
    const vec3 albedo = vec3(0.80, 0.72, 0.62);
    const vec3 keyDirection = normalize(vec3(0.5, 0.7, 0.6));
    float diffuse = max(dot(normal, keyDirection), 0.0);
    float specular = 0.12 * pow(max(dot(normal, normalize(keyDirection + toEye)), 0.0), 32.0);
    vec3 ambient = mix(vec3(0.10, 0.09, 0.08), vec3(0.22, 0.25, 0.30), 0.5 + 0.5 * normal.y);
    float rim = 0.2 * pow(1.0 - max(dot(normal, toEye), 0.0), 3.0);
    return albedo * (ambient + 0.75 * diffuse) + vec3(specular + rim);
}

// Window-space depth of a model-space point, as the rasterizer would compute it for the host's matrices,
// glDepthRange and glClipControl depth mode.
float fragmentDepth(vec3 point)
{
    vec4 clip = u_modelToClip * vec4(point, 1.0);
    float ndcZ = clip.z / clip.w;
    if (u_clipDepthZeroToOne != 0) return gl_DepthRange.diff * ndcZ + gl_DepthRange.near;
    return 0.5 * (gl_DepthRange.diff * ndcZ + gl_DepthRange.near + gl_DepthRange.far);
}

void main()
{
    Ray ray = cameraRay(gl_FragCoord.xy);
    float diagonal = length(NSDF_BOUNDS_MAX - NSDF_BOUNDS_MIN);
    vec3 margin = vec3(kBoxMargin * diagonal);
    vec2 span = nsdf_intersectBox(ray.origin, ray.direction, NSDF_BOUNDS_MIN - margin, NSDF_BOUNDS_MAX + margin);
    span.x = max(span.x, 0.0);
    if (span.x >= span.y) discard;

    float t = traceRay(ray, span, u_hitTolerance * diagonal);
    if (t < 0.0) discard;
    vec3 hit = ray.origin + ray.direction * t;

    // Normals transform by the inverse transpose; the gradient is evaluated once, here.
    vec3 gradient = nsdf_gradient(hit);
    vec3 normal = transpose(mat3(u_viewToModel)) * gradient;
    normal /= max(length(normal), 1e-20);
    vec3 toEye = -normalize(mat3(u_modelToView) * ray.direction);

    fragColor = vec4(shade(normal, toEye), 1.0);
    gl_FragDepth = fragmentDepth(hit);
}
