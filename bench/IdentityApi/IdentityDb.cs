using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Latch.Bench.IdentityApi;

/// <summary>Identity's own schema (AspNetUsers and the rest), nothing added.</summary>
internal sealed class IdentityDb(DbContextOptions<IdentityDb> options) : IdentityDbContext<IdentityUser>(options);
