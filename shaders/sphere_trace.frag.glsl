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
uniform float u_hitTolerance; // smallest |distance| that counts as a hit, as a fraction of the bounds' diagonal
uniform float u_stepScale;   // 1 / the model's Lipschitz bound: steps of distance × this never pass the surface
uniform int u_edgeCoverage;  // 1: near misses are drawn with alpha = the part of the pixel they cover
uniform int u_shadingMode;   // SdfShadingMode: 0 shaded, 1 normals, 2 steps, 3 Eikonal error, 4 albedo, 5 evaluations
uniform int u_gridSkipping;  // 1: skip empty space, and shade, with the distance grid below
uniform sampler3D u_grid;    // SdfDistanceGrid, a texel per vertex: red the signed distance, green 1 / the local Lipschitz bound
uniform vec3 u_gridOrigin;   // model-space position of vertex (0, 0, 0)
uniform float u_gridCell;    // edge of a cell
uniform ivec3 u_gridSize;    // vertices along x, y, z
uniform float u_gridReach;   // how far from a point its nearest vertex's local step scale (green) holds
uniform vec3 u_lightInView;  // unit direction towards the key light, view space
uniform vec3 u_lightInModel; // the same direction in model space, for shadow rays

const int kShaded = 0;
const int kNormals = 1;
const int kSteps = 2;
const int kEikonalError = 3;
const int kAlbedo = 4;
const int kEvaluations = 5;

out vec4 fragColor;

const float kBoxMargin = 0.01; // bounds inflation, as a fraction of the diagonal
const float kGrazingFootprints = 1.25; // a ray out of steps this close to the surface (in pixel footprints) is a hit
const float kOverRelaxation = 1.6;    // relaxed steps are this many times the safe sphere's radius
const float kCrawlFootprints = 4.0;   // a step with the surface nearer than this many footprints is crawling
const int kSkinChecks = 6;            // skin checks per ray: its hit and those of up to five retraces past a skin
const float kSkinFootprints = 1.5;    // a hit whose first-order distance |f| / |∇f| is beyond this is a fit's skin
const float kSilhouetteGrazing = 0.3; // |cos| of the ray against the normal below which a hit is on a silhouette
const float kBehindFootprints = 32.0;  // a silhouette hit looks for more of the shape behind from this far on
const float kGridHandover = 0.25;    // the grid hands a ray to the network when its safe jump is below this many cells
const int kGridJumps = 256;           // grid jumps per call at most (texture reads, not network evaluations)
const vec3 kClay = vec3(0.62, 0.50, 0.38); // the clay's colour, linear

// Network evaluations of this pixel, for the evaluations view: primary ray steps (the skin's retraces included),
// distance-and-gradient calls for the normal and edge coverage, shadow-ray steps and ambient-occlusion samples.
int g_primaryEvaluations = 0, g_normalEvaluations = 0, g_shadowEvaluations = 0, g_occlusionEvaluations = 0;

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

// Half a pixel's width at distance t along the ray is footprint.x + footprint.y * t: the cone the pixel sees.
vec2 pixelFootprint(Ray ray, vec2 fragCoord)
{
    Ray side = cameraRay(fragCoord + vec2(1.0, 0.0));
    return 0.5 * vec2(length(side.origin - ray.origin), length(side.direction - ray.direction));
}

// The grid vertex nearest to x.
ivec3 nearestVertex(vec3 x)
{
    return clamp(ivec3(floor((x - u_gridOrigin) / u_gridCell + 0.5)), ivec3(0), u_gridSize - 1);
}

// The grid's trilinear signed distance at p: a coarse copy of the network's, for shading.
float gridDistance(vec3 p)
{
    return texture(u_grid, ((p - u_gridOrigin) / u_gridCell + 0.5) / vec3(u_gridSize)).r;
}

// Jumps along the ray from t while the grid proves the space empty: the distance v at the vertex p nearest to the
// point x, over the Lipschitz bound, less |x − p|, is a sphere around x that no surface enters. Stops where that is
// below kGridHandover cells, inside the shape (v < 0), or past tEnd; returns the new t (t itself when no jump is safe).
float gridSkip(Ray ray, float t, float tEnd)
{
    float handover = kGridHandover * u_gridCell;
    for (int i = 0; i < kGridJumps && t < tEnd; ++i)
    {
        vec3 x = ray.origin + ray.direction * t;
        ivec3 nearest = nearestVertex(x);
        float safe = texelFetch(u_grid, nearest, 0).r * u_stepScale - length(x - (u_gridOrigin + vec3(nearest) * u_gridCell));
        if (safe < handover) break;
        t += safe;
    }
    return t;
}

// The radius of a sphere around x that the surface cannot enter, where the distance at x is d: |d| over the model's
// Lipschitz bound, or, with the grid, over the nearest vertex's local bound as far as that bound holds (the sphere
// still as large as the global bound makes it, if that is larger).
float safeRadius(vec3 x, float d)
{
    float radius = abs(d) * u_stepScale;
    if (u_gridSkipping == 0) return radius;
    return max(radius, min(abs(d) * texelFetch(u_grid, nearestVertex(x), 0).g, u_gridReach));
}

// Sphere tracing within span = (entry, exit); the distance along the ray to the surface, or -1.0 on a miss.
// A ray stops where the surface is closer than the pixel's footprint (no finer detail can show in the pixel) or
// than epsilon, whichever is larger. The distance over the Lipschitz bound is the radius of a sphere the surface
// cannot enter; steps are over-relaxed to kOverRelaxation times that (Keinert et al., "Enhanced Sphere Tracing"),
// and when the sphere at the new point does not overlap the last one the step may have passed a thin part: the ray
// goes back inside the last sphere and steps plainly from then on (safeRadius gives the sphere). A ray that runs out of steps, as one grazing a
// silhouette does, is a hit at its closest approach when that came within kGrazingFootprints footprints, and a miss
// otherwise. With the grid
// on, the ray jumps over the empty space before its first step and after every step that leaves the surface's
// neighbourhood (past a silhouette, say), at no network evaluation. steps counts the distance evaluations. A ray that starts inside the shape steps backwards out of the span and
// returns kStartedInside: a miss for a primary ray (the box clips the shape), but for a ray resumed past a hit it means
// the surface lies between that hit and the span's start.
const float kStartedInside = -2.0;
float traceRay(Ray ray, vec2 span, float epsilon, vec2 footprint, out int steps)
{
    float t = u_gridSkipping != 0 ? gridSkip(ray, span.x, span.y) : span.x;
    float relaxation = kOverRelaxation, previousRadius = 0.0, stepLength = 0.0;
    float closestRatio = 1e30, closestT = -1.0, crawl = 0.0;
    steps = 0;
    if (t > span.y) return -1.0;
    for (steps = 1; steps <= u_maxSteps; ++steps)
    {
        vec3 x = ray.origin + ray.direction * t;
        float d = nsdf_distance(x);
        float radius = safeRadius(x, d);
        bool overstepped = relaxation > 1.0 && radius + previousRadius < stepLength;
        previousRadius = radius;
        if (overstepped)
        {
            stepLength -= relaxation * stepLength;
            relaxation = 1.0;
        }
        else
        {
            float hitRadius = max(epsilon, footprint.x + footprint.y * t);
            if (abs(d) < hitRadius) return t;
            if (d / hitRadius < closestRatio)
            {
                closestRatio = d / hitRadius;
                closestT = t;
            }
            // A ray passing a pixel or two from a silhouette, through a fit's shallow skin where the distance stays
            // just above the footprint, would crawl along it for hundreds of steps: each step near the surface without
            // a hit lengthens the least step by a quarter of the footprint, so the ray gets past (to the background or
            // whatever is behind) at the risk of skipping a part a few pixels thin that it never came closer to.
            crawl = d < kCrawlFootprints * hitRadius ? crawl + 1.0 : 0.0;
            stepLength = sign(d) * radius * relaxation;
            if (d > 0.0) stepLength = max(stepLength, hitRadius * (1.0 + 0.25 * crawl));
        }
        t += stepLength;
        if (u_gridSkipping != 0 && stepLength > 0.0)
        {
            float jumped = gridSkip(ray, t, span.y);
            if (jumped > t)
            {
                t = jumped;
                relaxation = kOverRelaxation;
                previousRadius = 0.0;
                stepLength = 0.0;
            }
        }
        if (t < span.x || t > span.y)
        {
            steps = min(steps, u_maxSteps);
            return t < span.x ? kStartedInside : -1.0;
        }
    }
    steps = u_maxSteps;
    return closestRatio < kGrazingFootprints ? closestT : -1.0;
}

// Soft shadow towards the light (Inigo Quilez, "soft shadows in raymarched SDFs"): how far the shadow ray passes
// from the surface, relative to how far it has gone, estimates the penumbra. 1 is lit, 0 fully shadowed.
// k sets the hardness; the ray stops at tMax (where it leaves the bounds). With the grid on it reads the grid's
// distances, which are the network's to within a cell's blur: a penumbra is wider than that.
float softShadow(vec3 origin, vec3 direction, float tMin, float tMax, float k, float diagonal)
{
    float light = 1.0;
    float t = tMin;
    for (int i = 0; i < 32 && t < tMax; ++i)
    {
        vec3 p = origin + direction * t;
        float h;
        if (u_gridSkipping != 0) h = gridDistance(p);
        else
        {
            h = nsdf_distance(p);
            ++g_shadowEvaluations;
        }
        light = min(light, k * h / t);
        if (light < 0.005) break;
        t += clamp(h, 0.005 * diagonal, 0.1 * diagonal);
    }
    light = clamp(light, 0.0, 1.0);
    return light * light * (3.0 - 2.0 * light);
}

// Ambient occlusion from five distance samples along the normal (Inigo Quilez, "ambient occlusion"): where the
// field grows slower than the distance walked, something is near. 1 is open, 0 fully occluded. With the grid on
// the samples read the grid.
float ambientOcclusion(vec3 point, vec3 normal, float diagonal)
{
    float occlusion = 0.0;
    float weight = 1.0;
    for (int i = 0; i < 5; ++i)
    {
        float h = diagonal * (0.005 + 0.05 * float(i) / 4.0);
        float d;
        if (u_gridSkipping != 0) d = gridDistance(point + normal * h);
        else
        {
            d = nsdf_distance(point + normal * h);
            ++g_occlusionEvaluations;
        }
        occlusion += weight * max(h - d, 0.0) / diagonal;
        weight *= 0.8;
    }
    return clamp(1.0 - 12.0 * occlusion, 0.0, 1.0);
}

// A blue-cyan-green-yellow-red ramp for x in [0, 1].
vec3 heatmap(float x)
{
    x = clamp(x, 0.0, 1.0);
    return clamp(vec3(1.5 - abs(4.0 * x - 3.0), 1.5 - abs(4.0 * x - 2.0), 1.5 - abs(4.0 * x - 1.0)), 0.0, 1.0);
}

// Blue below zero, white at zero, red above; x in [-1, 1].
vec3 divergingMap(float x)
{
    x = clamp(x, -1.0, 1.0);
    vec3 blue = vec3(0.23, 0.30, 0.75), white = vec3(0.95), red = vec3(0.71, 0.02, 0.15);
    return x < 0.0 ? mix(white, blue, -x) : mix(white, red, x);
}

// Clay-like material under a key light, with sky/ground ambient and a little rim. normal, toEye and toLight are
// unit vectors in view space; shadow and occlusion in [0, 1] darken the key light and the ambient.
vec3 shade(vec3 normal, vec3 toEye, vec3 toLight, float shadow, float occlusion)
{
    const vec3 keyColor = vec3(1.00, 0.93, 0.82);
    float diffuse = max(dot(normal, toLight), 0.0) * shadow;
    float specular = 0.15 * shadow * pow(max(dot(normal, normalize(toLight + toEye)), 0.0), 32.0);
    vec3 ambient = mix(vec3(0.07, 0.06, 0.05), vec3(0.22, 0.27, 0.36), 0.5 + 0.5 * normal.y) * occlusion;
    float rim = 0.10 * occlusion * pow(1.0 - max(dot(normal, toEye), 0.0), 3.0);
    vec3 linear = kClay * (ambient + keyColor * diffuse) + vec3(specular + rim);
    return pow(linear, vec3(1.0 / 2.2)); // to display gamma
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
    vec3 boxMin = NSDF_BOUNDS_MIN - margin, boxMax = NSDF_BOUNDS_MAX + margin;
    vec2 span = nsdf_intersectBox(ray.origin, ray.direction, boxMin, boxMax);
    span.x = max(span.x, 0.0);
    if (span.x >= span.y) discard;

    int steps;
    float epsilon = u_hitTolerance * diagonal;
    vec2 footprint = pixelFootprint(ray, gl_FragCoord.xy);
    float t = traceRay(ray, span, epsilon, footprint, steps);
    g_primaryEvaluations = steps;

    // A fit's distance can stay within the footprint over a shallow skin around the surface (|∇f| well below 1 there),
    // which would dilate silhouettes by pixels. At a hit the gradient, needed for the normal anyway, gives the
    // first-order distance |f| / |∇f|: where that is beyond the pixel the ray resumes past the skin, up to five times.
    // A ray still on a skin after the last retrace has stayed within its cone of the surface all along: it covers its
    // pixel (a ray grazing a thin part's skin on its way to a surface behind, if it gets there, is checked there).
    vec3 gradient = vec3(0.0);
    float hitDistance = 0.0;
    for (int check = 0; t >= 0.0; ++check)
    {
        float d = nsdf_distance_gradient(ray.origin + ray.direction * t, gradient);
        hitDistance = d;
        ++g_normalEvaluations;
        float radius = max(epsilon, footprint.x + footprint.y * t);
        if (abs(d) <= kSkinFootprints * radius * length(gradient) || check == kSkinChecks - 1) break;
        int more;
        float resumed = traceRay(ray, vec2(t + 2.0 * radius, span.y), epsilon, footprint, more);
        steps += more;
        g_primaryEvaluations += more;
        // Resumed inside the shape: the surface lies between the hit and the resumed start after all (a stretch where
        // |∇f| is low, such as where a fit's surface folds), so the ray covers its pixel at the hit.
        if (resumed == kStartedInside) break;
        t = resumed;
    }

    // Edge coverage. A hit stops within its cone, up to half a pixel short of the surface, so a ray passing just outside
    // a silhouette is a hit too, and drawn whole it would widen the shape by that half pixel. Where the ray grazes the
    // surface (a silhouette), the first-order distance at the hit gives the part of the pixel covered, as for a straight
    // edge: 1/2 where the ray touches the surface, 0 half a pixel outside; facing the ray, a hit covers its pixel.
    float coverage = 1.0;
    if (t >= 0.0 && u_edgeCoverage != 0)
    {
        float gradientLength = max(length(gradient), 1e-6);
        float radius = max(epsilon, footprint.x + footprint.y * t);
        float edge = clamp(0.5 - 0.5 * hitDistance / (gradientLength * radius), 0.0, 1.0);
        float facing = abs(dot(gradient, ray.direction)) / gradientLength;
        coverage = mix(edge, 1.0, smoothstep(0.0, kSilhouetteGrazing, facing));
        // A silhouette in front of more of the shape (a leg before the body) leaves the pixel covered: the ray goes on
        // from beyond the grazing stretch, and a hit there makes it whole.
        if (coverage < 1.0)
        {
            int more;
            float behind = traceRay(ray, vec2(t + kBehindFootprints * radius, span.y), epsilon, footprint, more);
            steps += more;
            g_primaryEvaluations += more;
            if (behind >= 0.0 || behind == kStartedInside) coverage = 1.0;
        }
        // Under one 8-bit step there is nothing to draw, and no depth should hide the host's geometry behind it.
        if (coverage < 1.0 / 255.0) t = -1.0;
    }

    if (u_shadingMode == kSteps)
    {
        float cost = float(steps) / float(u_maxSteps);
        fragColor = vec4(heatmap(cost), cost);
        gl_FragDepth = fragmentDepth(ray.origin + ray.direction * (t < 0.0 ? span.y : t));
        return;
    }
    if (t < 0.0) discard;
    vec3 hit = ray.origin + ray.direction * t;

    // Normals transform by the inverse transpose.
    vec3 normal = transpose(mat3(u_viewToModel)) * gradient;
    normal /= max(length(normal), 1e-20);
    vec3 toEye = -normalize(mat3(u_modelToView) * ray.direction);

    vec3 color;
    if (u_shadingMode == kNormals)
    {
        color = 0.5 * normal + 0.5;
    }
    else if (u_shadingMode == kEikonalError)
    {
        color = divergingMap((length(gradient) - 1.0) / 0.25);
    }
    else if (u_shadingMode == kAlbedo)
    {
        color = pow(kClay, vec3(1.0 / 2.2));
    }
    else
    {
        vec3 modelNormal = gradient / max(length(gradient), 1e-20);
        // Start the secondary rays a little off the surface, or grazing shadow rays darken the lit side's edge.
        vec3 surface = hit + modelNormal * (0.005 * diagonal);
        float shadow = 1.0;
        if (dot(normal, u_lightInView) > 0.0)
        {
            vec2 lightSpan = nsdf_intersectBox(surface, u_lightInModel, boxMin, boxMax);
            shadow = softShadow(surface, u_lightInModel, 0.01 * diagonal, lightSpan.y, 8.0, diagonal);
        }
        color = shade(normal, toEye, u_lightInView, shadow, ambientOcclusion(surface, modelNormal, diagonal));
    }
    fragColor = u_shadingMode == kEvaluations
        ? vec4(g_primaryEvaluations, g_normalEvaluations, g_shadowEvaluations, g_occlusionEvaluations) / 255.0
        : vec4(color, coverage);
    gl_FragDepth = fragmentDepth(hit);
}
